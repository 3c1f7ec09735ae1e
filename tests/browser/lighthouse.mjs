// Lighthouse (performance, accessibility, best practices, SEO) on a few pages,
// with Debian's Chromium and no network beyond the local server.
// Usage: node lighthouse.mjs --base URL --pages ",timeline/,explainers/x/" [--min 100] [--runs 3]
// Prints each page's scores and exits 1 if any is below --min. Performance is
// measured on a machine shared with other work: after one discarded warm-up run,
// each page gets up to --runs attempts and the first that reaches --min counts
// (every attempt is printed, so a flaky score stays visible).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { rmSync } from 'node:fs';
import { args, CHROMIUM, CHROME_FLAGS, freshProfile } from './common.mjs';

const { base, pages, min = '100', runs = '3' } = args();
const profile = freshProfile();
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: [...CHROME_FLAGS, `--user-data-dir=${profile}`],
  userDataDir: false,
});
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
let failed = false;
const audit = async (url) => {
  const { lhr } = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: categories,
  });
  return lhr;
};
const scoresOf = (lhr) => categories.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]);
try {
  const urls = pages.split(',').map((path) => base + path);
  await audit(urls[0]);
  for (const url of urls) {
    let lhr;
    let passed = false;
    for (let attempt = 1; attempt <= Number(runs) && !passed; attempt += 1) {
      lhr = await audit(url);
      if (lhr.runtimeError) {
        console.log(`${url}: runtime error ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        break;
      }
      const scores = scoresOf(lhr);
      passed = scores.every(([, s]) => s >= Number(min));
      console.log(`${url} (run ${attempt}): ${scores.map(([c, s]) => `${c} ${s}`).join(', ')}`);
    }
    if (passed) continue;
    failed = true;
    if (lhr.runtimeError) continue;
    for (const [category, score] of scoresOf(lhr)) {
      if (score >= Number(min)) continue;
      for (const ref of lhr.categories[category].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) {
          console.log(`  ${category}: ${a.id} (${a.score}): ${a.title} ${a.displayValue ?? ''}`);
        }
      }
    }
  }
} finally {
  await chrome.kill();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
