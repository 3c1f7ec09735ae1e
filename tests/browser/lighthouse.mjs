// Lighthouse (performance, accessibility, best practices, SEO) on a few pages,
// with Debian's Chromium and no network beyond the local server.
// Usage: node lighthouse.mjs --base URL --pages ",timeline/,explainers/x/" [--min 100]
// Prints each page's scores and exits 1 if any is below --min.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { rmSync } from 'node:fs';
import { args, CHROMIUM, CHROME_FLAGS, freshProfile } from './common.mjs';

const { base, pages, min = '100' } = args();
const profile = freshProfile();
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: [...CHROME_FLAGS, `--user-data-dir=${profile}`],
  userDataDir: false,
});
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
let failed = false;
try {
  for (const path of pages.split(',')) {
    const url = base + path;
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: categories,
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) {
      console.log(`${url}: runtime error ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
      failed = true;
      continue;
    }
    const scores = categories.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]);
    console.log(`${url}: ${scores.map(([c, s]) => `${c} ${s}`).join(', ')}`);
    for (const [category, score] of scores) {
      if (score >= Number(min)) continue;
      failed = true;
      for (const ref of lhr.categories[category].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`  ${category}: ${audit.id} (${audit.score}): ${audit.title} ${audit.displayValue ?? ''}`);
        }
      }
    }
  }
} finally {
  await chrome.kill();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
