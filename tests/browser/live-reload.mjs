// End-to-end check of `briefing serve` live reload in headless Chromium.
// Usage: node live-reload.mjs URL SITE_ROOT
// Opens URL/about/, edits content/about.md and expects the new text without a
// manual reload; breaks the front matter and expects the error overlay naming
// file:line; fixes it and expects the overlay gone and the page back.
// Run by `cargo test --test serve -- --include-ignored` (tests/serve.rs).
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, root] = process.argv.slice(2);
if (!url || !root) {
  console.error("usage: node live-reload.mjs URL SITE_ROOT");
  process.exit(2);
}
const about = join(root, "content", "about.md");
const TIMEOUT = 10000;
const profile = mkdtempSync(join(tmpdir(), "briefing-chromium-"));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
let failed = false;
try {
  const page = await context.newPage();
  const hasText = (text) =>
    page.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: TIMEOUT });
  await page.goto(new URL("about/", url).href);
  await hasText("About this site.");
  // Wait until the live-reload connection is up before editing.
  await page.waitForFunction(() => window.__briefingLive === true, null, { timeout: TIMEOUT });
  await page.waitForTimeout(300);

  writeFileSync(about, "---\ntitle: About\n---\nChanged while you watched.\n");
  await hasText("Changed while you watched.");
  console.log("ok: edit shown without a manual reload");

  writeFileSync(about, "---\ntitle: About\nweight: heavy\n---\nBroken.\n");
  const overlay = page.locator("#__briefing-overlay");
  await overlay.waitFor({ state: "visible", timeout: TIMEOUT });
  await page.waitForFunction(
    () => document.getElementById("__briefing-overlay")?.innerText.includes("content/about.md:3"),
    null,
    { timeout: TIMEOUT },
  );
  await hasText("Changed while you watched.");
  console.log("ok: overlay names content/about.md:3 over the last good page");

  writeFileSync(about, "---\ntitle: About\n---\nFixed again.\n");
  await hasText("Fixed again.");
  await overlay.waitFor({ state: "detached", timeout: TIMEOUT });
  console.log("ok: fixed page shown, overlay gone");
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
