// axe-core on every page of a built site, in light and dark colour schemes.
// Usage: node axe.mjs --base URL --dir BUILT_SITE_DIR
// Prints one line per violation and exits 1 if there is any.
import { chromium } from 'playwright-core';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { args, htmlFiles, urlOf, launchOptions, freshProfile } from './common.mjs';

const { base, dir } = args();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const profile = freshProfile();
const context = await chromium.launchPersistentContext(profile, launchOptions());
const page = await context.newPage();
let violations = 0;
let checked = 0;
for (const file of htmlFiles(dir)) {
  const url = urlOf(base, file);
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    checked += 1;
    for (const v of result.violations) {
      violations += 1;
      const targets = v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ');
      console.log(`${file} [${colorScheme}] ${v.id} (${v.impact}): ${v.help} → ${targets}`);
    }
  }
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`axe: ${checked} page checks, ${violations} violations`);
process.exit(violations === 0 ? 0 : 1);
