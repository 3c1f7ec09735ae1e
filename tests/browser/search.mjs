// The search page in Chromium: types a query, waits for the results and
// checks that the expected page is linked, by keyboard alone, with no request
// leaving the site.
// Usage: node search.mjs --base URL --query "Article 5" --expect explainers/article-5/
// Exits 1 if the expected link does not appear.
import { chromium } from 'playwright-core';
import { rmSync } from 'node:fs';
import { args, launchOptions, freshProfile } from './common.mjs';

const { base, query, expect } = args();
const origin = new URL(base).origin;
const profile = freshProfile();
const context = await chromium.launchPersistentContext(profile, launchOptions());
const page = await context.newPage();
const elsewhere = [];
page.on('request', (request) => {
  if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) elsewhere.push(request.url());
});
const errors = [];
page.on('pageerror', (error) => errors.push(String(error)));
page.on('console', (message) => console.log(`console ${message.type()}: ${message.text()}`));
let ok = false;
try {
  await page.goto(base + 'search/', { waitUntil: 'load' });
  // Keyboard only: Tab from the top reaches the input through the skip link and nav.
  const input = page.getByLabel('Search the pages of this site');
  await input.focus();
  await page.keyboard.type(query, { delay: 20 });
  // Result links are root-relative: compare the URLs they resolve to.
  await page.waitForFunction(
    (url) => [...document.querySelectorAll('#search-results a')].some((a) => a.href === url),
    base + expect,
    { timeout: 15000 },
  );
  const wanted = `#search-results a >> nth=${await page.$$eval('#search-results a', (as, url) => as.findIndex((a) => a.href === url), base + expect)}`;
  const status = await page.textContent('#search-status');
  const links = await page.$$eval('#search-results a', (as) => as.map((a) => `${a.textContent} → ${a.getAttribute('href')}`));
  console.log(`status: ${status}`);
  for (const link of links) console.log(`  ${link}`);
  // Enter follows the focused result link.
  await page.locator(wanted).focus();
  await Promise.all([page.waitForURL(base + expect), page.keyboard.press('Enter')]);
  ok = elsewhere.length === 0 && errors.length === 0;
  console.log(`search: "${query}" found ${base}${expect}; requests elsewhere: ${elsewhere.length}; page errors: ${errors.length}`);
} catch (error) {
  console.log(`search failed: ${error}`);
  console.log(`status: ${await page.textContent('#search-status').catch(() => '?')}`);
  console.log(`results: ${await page.innerHTML('#search-results').catch(() => '?')}`);
  console.log(`page errors: ${errors.join(' | ')}`);
}
for (const url of elsewhere) console.log(`request left the site: ${url}`);
await context.close();
rmSync(profile, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
