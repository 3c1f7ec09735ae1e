// End-to-end check of `briefing serve` live updates in headless Chromium.
// Usage: node live-update.mjs URL SITE_ROOT
// The site is tests/serve.rs's fixture; this script first gives it an About
// page with a <details>, a script and enough paragraphs to scroll, and a
// static/style.css of its own, and waits for the rebuild.
// Every check below prints "ok: …"; the first failure names its step and exits 1.
// Run by `cargo test --test serve -- --include-ignored` (tests/serve.rs).
import { chromium } from "playwright-core";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchOptions, freshProfile } from "./common.mjs";

const [url, root] = process.argv.slice(2);
if (!url || !root) {
  console.error("usage: node live-update.mjs URL SITE_ROOT");
  process.exit(2);
}
const TIMEOUT = 10000;
const about = join(root, "content", "about.md");
const style = join(root, "static", "style.css");
const filler = Array.from({ length: 60 }, (_, i) => `Filler paragraph ${i} to make the page tall enough to scroll.`).join("\n\n");

/** The About page, with `text` on top, a <details>, filler and a script at the end. */
function aboutPage(text, { title = "About", script = 1 } = {}) {
  return `---\ntitle: ${title}\n---\n${text}\n\n<details id="more"><summary>More</summary><p>Hidden words.</p></details>\n\n${filler}\n\n<script>window.__v = ${script};</script>\n`;
}

function saveByRename(path, text) {
  const temp = join(path, "..", ".about.md.tmp");
  writeFileSync(temp, text);
  renameSync(temp, path);
}

async function build() {
  const response = await fetch(new URL("__briefing/status", url));
  return (await response.json()).build;
}

const profile = freshProfile();
const context = await chromium.launchPersistentContext(profile, launchOptions());
let step = "start";
let failed = false;
try {
  const page = await context.newPage();
  const waitFor = (fn, arg) => page.waitForFunction(fn, arg, { timeout: TIMEOUT });
  const hasText = (text) => waitFor((t) => document.body.innerText.includes(t), text);
  const check = async (fn, arg, what) => {
    if (!(await page.evaluate(fn, arg))) throw new Error(`${step}: ${what}`);
  };
  // Like check, for a state reached in a later task (e.g. after a load event).
  const eventually = (fn, arg, what) =>
    waitFor(fn, arg).catch(() => { throw new Error(`${step}: ${what}`); });
  // Like waitFor, but across a reload (polls with evaluate; a navigation in between is retried).
  const poll = async (fn, arg) => {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      try {
        if (await page.evaluate(fn, arg)) return;
      } catch (error) {
        // The execution context went away with the reload: try again.
      }
      if (Date.now() > deadline) {
        const state = await page.evaluate(() => ({ y: window.scrollY, h: document.body.scrollHeight, v: window.__v, marker: window.__marker, text: document.body.innerText.slice(0, 400) })).catch((e) => String(e));
        throw new Error(`${step}: timed out; page state: ${JSON.stringify(state)}`);
      }
      await new Promise((done) => setTimeout(done, 10));
    }
  };
  const ready = async () => {
    await waitFor(() => window.__briefingLive === true && typeof window.__briefingBuild === "number");
  };

  step = "set up the site";
  const first = await build();
  writeFileSync(style, "body { color: rgb(0, 0, 0); }\n");
  writeFileSync(about, aboutPage("Top text."));
  const deadline = Date.now() + TIMEOUT;
  while (!(await (await fetch(new URL("about/", url))).text()).includes("Top text.") || (await build()) === first) {
    if (Date.now() > deadline) throw new Error("the site did not rebuild");
    await new Promise((done) => setTimeout(done, 20));
  }
  await new Promise((done) => setTimeout(done, 200));

  step = "open the page";
  await page.goto(new URL("about/", url).href);
  await hasText("Top text.");
  await ready();
  await page.evaluate(() => { window.__marker = "kept"; });
  await page.click("#more summary");
  await page.evaluate(() => window.scrollTo(0, 1200));
  await waitFor(() => window.scrollY === 1200);

  step = "edit in place";
  writeFileSync(about, aboutPage("Edited in place."));
  await hasText("Edited in place.");
  await check(() => window.__marker === "kept", null, "the page was reloaded (marker lost)");
  await check(() => window.scrollY === 1200, null, "scroll position lost");
  await check(() => document.getElementById("more").open, null, "<details> closed");
  console.log("ok: an in-place save is patched in: no navigation, scroll and open <details> kept");

  step = "save by rename";
  saveByRename(about, aboutPage("Saved atomically."));
  await hasText("Saved atomically.");
  await check(() => window.__marker === "kept", null, "the page was reloaded (marker lost)");
  await check(() => window.scrollY === 1200 && document.getElementById("more").open, null, "state lost");
  console.log("ok: an atomic save (write and rename) is patched in");

  step = "stylesheet";
  writeFileSync(style, "body { color: rgb(1, 2, 3); }\n");
  await waitFor(() => getComputedStyle(document.body).color === "rgb(1, 2, 3)");
  await check(() => window.__marker === "kept", null, "the page was reloaded for CSS");
  // The old sheet goes in the new one's load handler, a task after the new
  // styles apply: wait for it rather than race it on a loaded machine.
  await eventually(() => document.querySelectorAll('link[rel~="stylesheet"]').length === 1, null, "old stylesheet left behind");
  console.log("ok: a stylesheet change is applied without a reload");

  step = "rapid saves";
  for (let i = 1; i <= 5; i++) {
    writeFileSync(about, aboutPage(`Rapid save ${i}.`));
    await new Promise((done) => setTimeout(done, 5));
  }
  await hasText("Rapid save 5.");
  await page.waitForTimeout(600);
  await check(() => document.body.innerText.includes("Rapid save 5.") &&
    !/Rapid save [1-4]\./.test(document.body.innerText), null, "a stale save is shown");
  await check(() => window.__marker === "kept", null, "the page was reloaded");
  console.log("ok: five saves 5 ms apart end on the last one");

  step = "error overlay";
  writeFileSync(about, "---\ntitle: About\nweight: heavy\n---\nBroken.\n");
  const overlay = page.locator("#__briefing-overlay");
  await overlay.waitFor({ state: "visible", timeout: TIMEOUT });
  await waitFor(() => document.getElementById("__briefing-overlay")?.innerText.includes("content/about.md:3"));
  await hasText("Rapid save 5.");
  writeFileSync(about, aboutPage("Fixed again."));
  await hasText("Fixed again.");
  await overlay.waitFor({ state: "detached", timeout: TIMEOUT });
  await check(() => window.__marker === "kept", null, "the page was reloaded");
  console.log("ok: the overlay names content/about.md:3, then clears when fixed, without a reload");

  step = "script change";
  writeFileSync(about, aboutPage("Script changed.", { script: 2 }));
  await poll(() => window.__v === 2 && document.body.innerText.includes("Script changed."));
  await check(() => window.__marker === undefined, null, "a changed script did not reload the page");
  await poll(() => window.scrollY === 1200 && document.getElementById("more").open);
  console.log("ok: a changed script reloads the page (scroll position and open <details> restored)");

  step = "a static HTML file (fetched, not sent with the event)";
  const plain = join(root, "static", "plain.html");
  const plainPage = (text) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain</title></head><body><p>${text}</p><input id="field"><script src="/app.js"></script></body></html>\n`;
  const app = join(root, "static", "app.js");
  writeFileSync(app, "window.__app = 1;\n");
  writeFileSync(plain, plainPage("Plain one."));
  {
    const deadline = Date.now() + TIMEOUT;
    while ((await fetch(new URL("plain.html", url))).status !== 200) {
      if (Date.now() > deadline) throw new Error("plain.html never served");
      await new Promise((done) => setTimeout(done, 20));
    }
  }
  await page.goto(new URL("plain.html", url).href);
  await ready();
  await page.evaluate(() => { window.__marker = "kept"; });
  await page.fill("#field", "typed");
  writeFileSync(plain, plainPage("Plain two."));
  await hasText("Plain two.");
  await check(() => window.__marker === "kept", null, "the page was reloaded");
  await check(() => document.getElementById("field").value === "typed", null, "typed text lost");
  console.log("ok: a copied HTML file is fetched again and patched in");

  step = "a script file the page loads";
  writeFileSync(app, "window.__app = 2;\n");
  await poll(() => window.__app === 2);
  await check(() => window.__marker === undefined, null, "a changed script file did not reload the page");
  console.log("ok: a changed script file reloads the page that loads it");

  step = "search page";
  await page.goto(new URL("search/", url).href);
  await ready();
  await page.evaluate(() => { window.__marker = "kept"; });
  await page.fill("#search-input", "quokka");
  await check(() => document.activeElement?.id === "search-input", null, "input not focused");
  const patched = await page.evaluate(() => window.__briefingPatched || 0);
  const before = await build();
  writeFileSync(about, aboutPage("A page the search page does not show.", { script: 2 }));
  while ((await build()) === before) await new Promise((done) => setTimeout(done, 20));
  await page.waitForTimeout(300);
  await check((n) => (window.__briefingPatched || 0) === n, patched, "an unchanged page was fetched again");
  console.log("ok: a page whose output did not change is left alone");

  writeFileSync(about, aboutPage("Renamed.", { title: "About us", script: 2 }));
  await waitFor(() => document.querySelector(".site-nav").innerText.includes("About us"));
  await check(() => window.__marker === "kept", null, "the page was reloaded");
  await check(() => document.getElementById("search-input").value === "quokka", null, "search text lost");
  await check(() => document.activeElement?.id === "search-input", null, "focus lost");
  console.log("ok: the search input keeps its text and focus through a patch");
} catch (error) {
  console.error(`failed at step "${step}":`, error);
  failed = true;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
