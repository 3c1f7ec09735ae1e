// Shared by the browser checks: how to launch Debian's Chromium (never a
// downloaded browser) and how to list the pages of a built site.
import { readdirSync, statSync, mkdtempSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROME_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launch options for playwright-core's chromium.launchPersistentContext. */
export function launchOptions() {
  return {
    executablePath: CHROMIUM,
    args: CHROME_FLAGS,
    headless: true,
  };
}

/** A fresh, throw-away Chromium profile folder. */
export function freshProfile() {
  return mkdtempSync(join(tmpdir(), 'briefing-chromium-'));
}

/** Every HTML file under `dir`, as paths relative to it with `/` separators. */
export function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/** The URL a built file is served at: `a/index.html` → `BASE/a/`. */
export function urlOf(base, file) {
  return base + file.replace(/(^|\/)index\.html$/, '$1');
}

/** `--name value` command-line arguments as an object. */
export function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}
