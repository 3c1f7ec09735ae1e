// Screenshots of key pages at phone and desktop widths, light and dark.
// Usage: node screenshots.mjs --base URL --out DIR [--pages "a/,b/"]
import { chromium } from 'playwright-core';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { args, launchOptions, freshProfile } from './common.mjs';

const { base, out, pages: list } = args();
const pages = (list || ',timeline/,explainers/article-5/,actors/putin/').split(',');
mkdirSync(out, { recursive: true });
const profile = freshProfile();
const context = await chromium.launchPersistentContext(profile, launchOptions());
const page = await context.newPage();
for (const path of pages) {
  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.goto(base + path, { waitUntil: 'load' });
      const name = `${(path.replace(/\/$/, '').replace(/\//g, '-') || 'home')}-${width}-${colorScheme}.png`;
      await page.screenshot({ path: join(out, name), fullPage: true });
      console.log(join(out, name));
    }
  }
}
await context.close();
rmSync(profile, { recursive: true, force: true });
