// Save-to-paint latency of `briefing serve` in headless Chromium: the time from
// a file write to the new text on screen. A benchmark, not a test.
//
//   node benches/save_to_paint.mjs --bin target/release/briefing --site DIR \
//     --file content/about.md [--rounds 15] [--warmup 2] [--port 0]
//
// It copies nothing: DIR is edited (use a copy, e.g. on /dev/shm). It starts
// `briefing --root DIR serve`, opens the page FILE is served at (given with
// --path, or content/x/y.md → /x/y/), and for each round appends
// "Paint marker N." to the file's original text (the same number of words
// every round, so after the warm-up rounds only that page renders again),
// saved three ways: in place (one write), atomically (write a hidden
// temporary file, rename it over the file, as many editors do), and as a
// burst of 5 saves 5 ms apart (timed from the last save; the page must end
// on the last one).
//
// Method. An init script in every document the page loads (so a full reload
// is timed as well as an in-place patch) watches the body with a
// MutationObserver; when it first holds marker N it waits for the next
// animation frame (the frame that paints the change) and, from that rAF
// callback, for a message posted to itself, which runs once the frame's
// rendering work is done: that time is "painted". Node and Chromium both
// time with performance.timeOrigin + performance.now(); their offset is
// measured before each run (20 round trips, the one with the shortest trip)
// and taken off. The save time is taken just before the first write.
// Headless Chromium draws at 60 Hz, so a figure includes the wait for the
// next frame (0 to 16.7 ms, 8 ms on average), as a real browser's would.
//
// Prints each style's median, min and max, how many rounds reloaded the page
// instead of patching it, and the load average before and after.
import { spawn } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, basename } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// playwright-core lives with the browser tests.
const require = createRequire(join(here, "..", "tests", "browser", "package.json"));
const { launchOptions, freshProfile } = await import(join(here, "..", "tests", "browser", "common.mjs"));
const { chromium: browserType } = require("playwright-core");

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
if (!args.bin || !args.site || !args.file) {
  console.error("usage: node benches/save_to_paint.mjs --bin BRIEFING --site DIR --file content/PAGE.md [--path /url/] [--rounds N] [--warmup N] [--styles inplace,rename,burst]");
  process.exit(2);
}
const rounds = Number(args.rounds || 15);
const warmup = Number(args.warmup || 2);
const styles = (args.styles || "inplace,rename,burst").split(",");
const file = join(args.site, args.file);
const urlPath = args.path || "/" + args.file.replace(/^content\//, "").replace(/(^|\/)(_index|index)\.md$/, "$1").replace(/\.md$/, "/");
const original = readFileSync(file, "utf8");
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
let counter = Math.floor(Math.random() * 1e6) * 1000;

function textWith(n) {
  return original.replace(/\s*$/, "") + `\n\nPaint marker ${n}.\n`;
}
function saveInPlace(n) {
  writeFileSync(file, textWith(n));
}
function saveByRename(n) {
  const temp = join(dirname(file), "." + basename(file) + ".tmp");
  writeFileSync(temp, textWith(n));
  renameSync(temp, file);
}

// The server.
const server = spawn(args.bin, ["--root", args.site, "serve", "--port", args.port || "0"], {
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, NO_COLOR: "1" },
});
let serverErr = "";
server.stderr.on("data", (d) => { serverErr += d; });
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/Serving at (\S+)/);
    if (m) resolve(m[1]);
  });
  server.on("exit", () => reject(new Error("the server exited:\n" + serverErr)));
  setTimeout(() => reject(new Error("the server did not start in 120 s")), 120000);
});

// Runs in every document the page loads, before its own scripts.
const watcher = () => {
  const done = JSON.parse(sessionStorage.getItem("__paint") || "{}");
  window.__paint = done;
  window.__loads = (Number(sessionStorage.getItem("__loads")) || 0) + 1;
  sessionStorage.setItem("__loads", String(window.__loads));
  const look = () => {
    const found = document.body && document.body.textContent.match(/Paint marker (\d+)\./g);
    if (!found) return;
    for (const m of found) {
      const n = m.match(/\d+/)[0];
      if (done[n]) continue;
      done[n] = { seen: performance.timeOrigin + performance.now(), loads: window.__loads };
      requestAnimationFrame(() => {
        done[n].frame = performance.timeOrigin + performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          done[n].painted = performance.timeOrigin + performance.now();
          sessionStorage.setItem("__paint", JSON.stringify(done));
        };
        channel.port2.postMessage(0);
      });
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener("DOMContentLoaded", look);
};

const profile = freshProfile();
const context = await browserType.launchPersistentContext(profile, launchOptions());
const page = await context.newPage();
await context.addInitScript(watcher);

async function ready() {
  await page.waitForFunction(() => window.__briefingLive === true && typeof window.__briefingBuild === "number", null, { timeout: 60000 });
}

// The page's clock minus Node's.
async function offset() {
  let best = null;
  for (let i = 0; i < 20; i++) {
    const before = now();
    const theirs = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = now();
    if (!best || after - before < best.trip) best = { trip: after - before, offset: theirs - (before + after) / 2 };
  }
  return best;
}

async function paintedAt(n, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      const record = await page.evaluate((k) => {
        const fromStorage = JSON.parse(sessionStorage.getItem("__paint") || "{}")[k];
        return fromStorage && fromStorage.painted ? fromStorage : null;
      }, String(n));
      if (record) return record;
    } catch (e) {
      // a reload in between: ask the new document
    }
    if (Date.now() > deadline) throw new Error(`marker ${n} was never painted`);
    await sleep(2);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => x.toFixed(1);

const results = {};
const loadBefore = loadavg();
try {
  await page.goto(new URL(urlPath, base).href);
  await ready();
  const clock = await offset();
  for (const style of styles) {
    const times = [];
    let reloads = 0;
    let stale = 0;
    const split = { event: [], fetch: [], patch: [], paint: [] };
    for (let round = 0; round < warmup + rounds; round++) {
      const loadsBefore = await page.evaluate(() => window.__loads);
      let last;
      let t0;
      if (style === "burst") {
        for (let k = 0; k < 5; k++) {
          last = ++counter;
          t0 = now();
          saveInPlace(last);
          if (k < 4) await sleep(5);
        }
      } else {
        last = ++counter;
        t0 = now();
        (style === "rename" ? saveByRename : saveInPlace)(last);
      }
      const record = await paintedAt(last);
      const stages = await page.evaluate(() => {
        const t = window.__briefingTiming || {};
        const at = (x) => (typeof x === "number" ? performance.timeOrigin + x : null);
        return { event: at(t.event), fetched: at(t.fetched), patched: at(t.patched) };
      });
      // Let the server and the page settle, and check the page did not go back.
      await sleep(style === "burst" ? 300 : 60);
      const shown = await page.evaluate(() => (document.body.textContent.match(/Paint marker (\d+)\./g) || []).join(","));
      if (shown !== `Paint marker ${last}.`) stale++;
      if (round < warmup) continue;
      if (record.loads !== loadsBefore) reloads++;
      times.push(record.painted - clock.offset - t0);
      if (stages.patched && record.loads === loadsBefore) {
        split.event.push(stages.event - clock.offset - t0);
        split.fetch.push(stages.fetched - stages.event);
        split.patch.push(stages.patched - stages.fetched);
        split.paint.push(record.painted - stages.patched);
      }
    }
    results[style] = { times, reloads, stale };
    console.log(`${style.padEnd(8)} median ${fmt(median(times))} ms  min ${fmt(Math.min(...times))}  max ${fmt(Math.max(...times))}  (${times.length} rounds, ${reloads} reloaded, ${stale} ended stale)`);
    if (split.event.length) {
      console.log(`         medians: save to event ${fmt(median(split.event))}, fetch ${fmt(median(split.fetch))}, parse and morph ${fmt(median(split.patch))}, to painted ${fmt(median(split.paint))} ms`);
    }
  }
  const both = [...(results.inplace?.times || []), ...(results.rename?.times || [])];
  if (both.length) console.log(`in-place and atomic saves together: median ${fmt(median(both))} ms`);
  console.log(`page ${urlPath}; clock offset measured over a ${fmt(clock.trip)} ms round trip`);
} finally {
  writeFileSync(file, original);
  await context.close();
  server.kill();
}
const loadAfter = loadavg();
console.log(`load average before ${loadBefore.map((x) => x.toFixed(2)).join(" ")}, after ${loadAfter.map((x) => x.toFixed(2)).join(" ")}`);
