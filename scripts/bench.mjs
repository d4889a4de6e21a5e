// Size and speed figures (printed, never asserted):
//   - widget transfer: the first view (loader + wasm-bindgen glue + the parts' linker + the first
//     wasm, CSS inlined in the wasm) and the parts fetched on demand (detail, calendar, form and
//     the chunks they share): raw, gzip, brotli, per file and in total
//   - worker bundle (index.js + index_bg.wasm): raw, gzip
//   - navigation → first rendered group list in headless Chromium, on the demo page with the
//     demo data and with a synthetic 1,000-group feed (scripts/feed.mjs): the first (cold cache)
//     load and the median of the following warm loads
//   - with a synthetic 10,000-group feed: keystroke in the search box → updated result count and
//     list, measured inside the page
//   - card → detail and detail → inquiry form, each with its part not yet fetched in the page
//     (the idle prefetch turned off), measured inside the page
//
// Side by side: `./scripts/bench --meeting-guide FEED.json [--serve]` imports a Meeting Guide feed
// (`tsunagu convert`), serves it from the real worker on the demo page, and prints the first
// card's time with a new browser profile for every load, and the feed's size against the
// Meeting Guide JSON. With --serve it then keeps the page running, so the React finder can be run
// on the same feed in the same sitting.
//
// Environment: TSUNAGU_BENCH_RUNS page loads per figure (default 10); TSUNAGU_BENCH_ROUNDS
// queries typed and cleared (default 30); TSUNAGU_BENCH_TYPING_SECONDS stops the typing early
// once this much time has gone by (default 90), so a slow widget still gives a figure quickly.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { launchBrowser } from "../tests/support/browser.mjs";
import { ROOT, startStack } from "../tests/support/stack.mjs";
import { generateFeed } from "./feed.mjs";
import { keystrokeSample } from "./keystrokes.mjs";

const RUNS = Number(process.env.TSUNAGU_BENCH_RUNS ?? 10);
const ROUNDS = Number(process.env.TSUNAGU_BENCH_ROUNDS ?? 30);
const TYPING_SECONDS = Number(process.env.TSUNAGU_BENCH_TYPING_SECONDS ?? 90);
const TARGET = { firstViewKiB: 84, firstViewCeilingKiB: 120, allKiB: 204, firstListMs: 300, keystrokeMs: 16, toFormMs: 150 };
// Each query narrows the list at every character on the demo data (hence on its copies), so
// every keystroke changes the result count; clearing brings back the whole list. ASCII is
// pressed as keys (the clock starts at keydown); kana and kanji are inserted like an IME commit
// (the clock starts at beforeinput).
const QUERIES = ["gam", "ひき", "alc", "かぞ", "wo", "ｱﾙｺ", "fa", "そう", "ta", "オン"];
// A keystroke is settled once nothing in the count or list has changed for this long and a frame
// has been rendered since; one that changes nothing is given up on after NO_CHANGE_MS and counted
// as that long (keystrokeSample).
const QUIET_MS = 100;
const NO_CHANGE_MS = 5_000;

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (n) => `${n.toFixed(n < 100 ? 1 : 0)} ms`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
};

function sizes(files) {
  return files.map((f) => {
    const data = readFileSync(join(ROOT, f));
    return {
      file: basename(f),
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
      brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}
const total = (rows) =>
  rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

// Everything started is stopped in reverse order, on success, on failure and on Ctrl-C.
const running = [];
let cleaning;
function cleanUp() {
  cleaning ??= (async () => {
    while (running.length) {
      try {
        await running.pop().stop();
      } catch (error) {
        console.error(`bench: cleaning up: ${error.message}`);
      }
    }
  })();
  return cleaning;
}
// Wrangler (on import), Miniflare and Playwright answer Ctrl-C by exiting at once (Miniflare and
// Playwright kill workerd and Chromium, but leave their temporary folders behind); this script
// keeps the signals to itself so that everything is stopped and removed first. Their exit hooks
// still kill whatever a hung clean-up leaves running.
const SIGNALS = ["SIGINT", "SIGTERM"];
let stopping = false;
async function onSignal(signal) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 20_000).unref();
  await cleanUp();
  process.exit(signal === "SIGINT" ? 130 : 143);
}
process.on("newListener", (event, listener) => {
  if (SIGNALS.includes(event) && listener !== onSignal) queueMicrotask(() => process.removeListener(event, listener));
});
for (const signal of SIGNALS) {
  process.removeAllListeners(signal);
  process.on(signal, onSignal);
}
/** Remembers, from the moment it is being started, how to stop something; resolves to it. */
function track(starting, stop) {
  const entry = { stop: async () => stop(await starting) };
  running.push(entry);
  starting.then(
    (thing) => {
      entry.thing = thing;
    },
    () => running.includes(entry) && running.splice(running.indexOf(entry), 1),
  );
  return starting;
}
/** Stops something `track` started, now. */
async function release(thing) {
  const index = running.findLastIndex((entry) => entry.thing === thing);
  if (index >= 0) await running.splice(index, 1)[0].stop();
}

/** Starts a stack and a fresh browser (fresh profile, so the first load is a cold one). */
async function session(dataDir) {
  const stack = await track(startStack({ dataDir }), (s) => s.stop());
  const browser = await track(launchBrowser({ viewport: { width: 1280, height: 900 } }), (b) => b.close());
  return {
    stack,
    browser,
    async close() {
      await release(browser);
      await release(stack);
    },
  };
}

/** Navigation → first group card, in the page's own clock (polled every animation frame). */
async function firstList(browser, origin, timeout = 60_000) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${origin}/`, { waitUntil: "commit" });
    const handle = await page.waitForFunction(
      () => {
        const card = document.querySelector("[data-tsunagu]")?.shadowRoot?.querySelector("[data-testid=group-card]");
        return card ? performance.now() : null;
      },
      null,
      { polling: "raf", timeout },
    );
    return await handle.jsonValue();
  } finally {
    await page.close();
  }
}

async function loads(dataDir) {
  const s = await session(dataDir);
  try {
    const times = [];
    for (let i = 0; i < RUNS; i += 1) times.push(await firstList(s.browser, s.stack.demoOrigin));
    const [cold, ...warm] = times;
    return { cold, warm };
  } finally {
    await s.close();
  }
}

/** Installed in the page: times each armed keystroke from its first keydown/beforeinput (the
 *  event's timeStamp) to the last MutationObserver callback that touched the result count or
 *  list ("updated") and to the end of the frame rendered after it ("frame": a message posted
 *  from requestAnimationFrame, which runs once style, layout and paint are done). Only
 *  mutations of the count and list elements (or their replacement) count, never how many cards
 *  there are. */
function instrument({ quietMs, noChangeMs }) {
  const root = document.querySelector("[data-tsunagu]").shadowRoot;
  let sample = null;
  const start = (event) => {
    if (sample && sample.t0 === undefined) {
      sample.t0 = event.timeStamp;
      sample.kind = event.type;
    }
  };
  root.addEventListener("keydown", start, true);
  root.addEventListener("beforeinput", start, true);
  // Each relevant mutation asks for the frame after it; only the latest request counts.
  let ticks = 0;
  const channel = new MessageChannel();
  channel.port1.onmessage = ({ data }) => {
    if (sample && sample.tick === data) sample.frame = performance.now();
  };
  const relevant = (node) => {
    const count = root.querySelector("[data-testid=result-count]");
    const list = root.querySelector("[data-testid=group-list]");
    return [count, list].some((el) => el && (el.contains(node) || node.contains?.(el)));
  };
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    if (!sample || sample.t0 === undefined) return;
    if (!records.some((r) => relevant(r.target) || [...r.addedNodes, ...r.removedNodes].some(relevant))) return;
    sample.first ??= now;
    sample.last = now;
    sample.frame = undefined;
    ticks += 1;
    const tick = ticks;
    sample.tick = tick;
    requestAnimationFrame(() => channel.port2.postMessage(tick));
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  window.__tsunaguBench = {
    arm() {
      sample = { armed: performance.now() };
    },
    /** The finished sample, or null while the keystroke is still being handled. */
    settled() {
      const now = performance.now();
      if (!sample) return null;
      if (sample.t0 === undefined) return now - sample.armed > noChangeMs ? { kind: "none", changed: false } : null;
      if (sample.last !== undefined) {
        if (sample.frame === undefined || now - sample.last < quietMs) return null;
        return {
          kind: sample.kind,
          updated: sample.last - sample.t0,
          frame: sample.frame - sample.t0,
          count: root.querySelector("[data-testid=result-count]")?.textContent ?? "",
        };
      }
      return now - sample.t0 > noChangeMs ? { kind: sample.kind, changed: false } : null;
    },
  };
}

async function typing(dataDir) {
  const s = await session(dataDir);
  try {
    const page = await s.browser.context.newPage();
    await page.goto(`${s.stack.demoOrigin}/`, { waitUntil: "commit" });
    await page.waitForFunction(
      () => document.querySelector("[data-tsunagu]")?.shadowRoot?.querySelector("[data-testid=group-card]"),
      null,
      { polling: "raf", timeout: 120_000 },
    );
    await page.evaluate(instrument, { quietMs: QUIET_MS, noChangeMs: NO_CHANGE_MS });
    await page.locator("[data-tsunagu] >> [data-testid=search]").focus();
    const samples = [];
    let keystrokes = 0;
    let rounds = 0;
    const keystroke = async (kind, action) => {
      await page.evaluate(() => window.__tsunaguBench.arm());
      await action();
      keystrokes += 1;
      const handle = await page.waitForFunction(() => window.__tsunaguBench.settled(), null, {
        polling: "raf",
        timeout: 120_000,
      });
      const result = await handle.jsonValue();
      samples.push(keystrokeSample(result, { clearing: kind === "clear", noChangeMs: NO_CHANGE_MS }));
    };
    const deadline = Date.now() + TYPING_SECONDS * 1000;
    while (rounds < ROUNDS && Date.now() < deadline) {
      const query = QUERIES[rounds % QUERIES.length];
      for (const ch of query) {
        await keystroke("type", () => (/^[ -~]$/.test(ch) ? page.keyboard.press(ch) : page.keyboard.insertText(ch)));
      }
      // Clear: select all (not timed), then one timed Backspace.
      await page.keyboard.press("Control+A");
      await keystroke("clear", () => page.keyboard.press("Backspace"));
      rounds += 1;
    }
    await page.close();
    return { samples, keystrokes, rounds };
  } finally {
    await s.close();
  }
}

/** Clicks `testid` (the first of them) in the page and times it until `shows` is visible, from
 *  the click to the first animation frame that finds it, in the page's clock. */
function clickUntilShown({ testid, shows }) {
  const root = document.querySelector("[data-tsunagu]").shadowRoot;
  return new Promise((resolve) => {
    const t0 = performance.now();
    root.querySelector(`[data-testid=${testid}]`).click();
    const poll = () => {
      const el = root.querySelector(`[data-testid=${shows}]`);
      if (el && el.getClientRects().length) resolve(performance.now() - t0);
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
}

/** Card → detail, then the detail's 「問い合わせる」 → form, each part fetched on that click: the
 *  idle prefetch never runs. A new page each run, so no part is in the page yet (the browser's
 *  HTTP cache may hold the file after the first run, as for a returning visitor). */
async function opening(dataDir) {
  const s = await session(dataDir);
  try {
    const detail = [];
    const form = [];
    for (let i = 0; i < RUNS; i += 1) {
      const page = await s.browser.context.newPage();
      await page.addInitScript(() => {
        window.requestIdleCallback = () => 0;
      });
      await page.goto(`${s.stack.demoOrigin}/`, { waitUntil: "commit" });
      await page.waitForFunction(
        () => document.querySelector("[data-tsunagu]")?.shadowRoot?.querySelector("[data-testid=open-group]"),
        null,
        { polling: "raf", timeout: 60_000 },
      );
      detail.push(await page.evaluate(clickUntilShown, { testid: "open-group", shows: "detail-title" }));
      form.push(await page.evaluate(clickUntilShown, { testid: "inquire", shows: "form-title" }));
      await page.close();
    }
    return { detail, form };
  } finally {
    await s.close();
  }
}

/** The side-by-side mode (see the top of this file); resolves once done, or never with --serve. */
async function sideBySide(feedFile, serve) {
  const dir = mkdtempSync(join(tmpdir(), "tsunagu-bench-mg-"));
  await track(Promise.resolve(dir), (d) => rmSync(d, { recursive: true, force: true }));
  const converted = spawnSync(
    join(ROOT, "target/release/tsunagu"),
    ["convert", feedFile, join(dir, "directory.json"), "--from", "meeting-guide", "--skip-bad-rows"],
    { encoding: "utf8" },
  );
  if (converted.status !== 0) throw new Error(`tsunagu convert failed:\n${converted.stdout}${converted.stderr}`);
  process.stderr.write(converted.stderr);
  // No facility takes inquiries: the finder is what is compared.
  writeFileSync(join(dir, "facilities.json"), "[]\n");
  const stack = await track(startStack({ dataDir: dir }), (s) => s.stop());
  const groups = JSON.parse(readFileSync(join(dir, "directory.json"), "utf8")).groups.length;
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const browser = await track(launchBrowser({ viewport: { width: 1280, height: 900 } }), (b) => b.close());
    times.push(await firstList(browser, stack.demoOrigin));
    await release(browser);
  }
  const feed = Buffer.from(await (await fetch(`${stack.workerOrigin}/v2/feed`)).arrayBuffer());
  const meetingGuide = readFileSync(feedFile);
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  console.log(
    [
      `tsunagu side by side (${new Date().toISOString()}): ${basename(feedFile)}, ${groups} groups`,
      `navigation → first group card, a new browser profile for each of ${RUNS} loads`,
      `  median ${ms(median(times))} (${ms(Math.min(...times))} … ${ms(Math.max(...times))})`,
      "the feed the widget loads against the Meeting Guide JSON, gzip level 9",
      `  /v2/feed          ${padNumber(gz(feed))} B`,
      `  Meeting Guide     ${padNumber(gz(meetingGuide))} B   (target: the feed no larger, ratio ${(gz(feed) / gz(meetingGuide)).toFixed(2)})`,
    ].join("\n"),
  );
  if (!serve) return;
  console.log(`\nServing until Ctrl-C: the page ${stack.demoOrigin}/, the worker ${stack.workerOrigin}/`);
  await new Promise(() => {});
}
const padNumber = (n) => n.toLocaleString("en-US").padStart(11);

const mgAt = process.argv.indexOf("--meeting-guide");
if (mgAt >= 0) {
  const file = process.argv[mgAt + 1];
  if (!file) throw new Error("--meeting-guide needs a file");
  try {
    await sideBySide(file, process.argv.includes("--serve"));
  } finally {
    await cleanUp();
  }
  process.exit(0);
}

const widget = sizes([
  "dist/public/widget/tsunagu.js",
  "dist/public/widget/tsunagu_widget.js",
  "dist/public/widget/__wasm_split.js",
  "dist/public/widget/tsunagu_widget_bg.wasm",
]);
const parts = sizes(
  readdirSync(join(ROOT, "dist/public/widget"))
    .filter((f) => /^(split|chunk)_.*\.wasm$/.test(f))
    .sort()
    .map((f) => `dist/public/widget/${f}`),
);
const worker = total(sizes(["edge-worker/build/index.js", "edge-worker/build/index_bg.wasm"]));

let demo;
let thousand;
let keys;
let opened;
try {
  const feeds = mkdtempSync(join(tmpdir(), "tsunagu-bench-feed-"));
  await track(Promise.resolve(feeds), (dir) => rmSync(dir, { recursive: true, force: true }));
  demo = await loads(join(ROOT, "demo/data"));
  thousand = await loads(generateFeed(1_000, join(feeds, "1000")).dir);
  keys = await typing(generateFeed(10_000, join(feeds, "10000")).dir);
  opened = await opening(join(ROOT, "demo/data"));
} catch (error) {
  // Stopped by a signal: the handler cleans up and exits; the error is only its consequence.
  if (stopping) await new Promise(() => {});
  throw error;
} finally {
  await cleanUp();
}

const pad = (s, n) => String(s).padEnd(n);
const padL = (s, n) => String(s).padStart(n);
const row = (name, r) => `  ${pad(name, 26)}${padL(kib(r.raw), 11)}${padL(kib(r.gzip), 11)}${padL(kib(r.brotli), 11)}`;
const widgetTotal = total(widget);
const partsTotal = total(parts);
const allTotal = total([widgetTotal, partsTotal]);
const coldWarm = (xs, target = "") =>
  `first ${ms(xs[0])}, then median ${ms(median(xs.slice(1).length ? xs.slice(1) : xs))} (${ms(Math.min(...xs))} … ${ms(Math.max(...xs))})${target}`;
// The first-list target is set for the 1,000-group feed.
const loadLines = ({ cold, warm }, target = "") =>
  warm.length
    ? [
        `  cold (first load)   ${ms(cold)}`,
        `  warm (median)       ${ms(median(warm))}${target}`,
        `  warm (min … max)    ${ms(Math.min(...warm))} … ${ms(Math.max(...warm))}`,
      ]
    : [`  cold (first load)   ${ms(cold)}${target}`];
const stats = (xs) =>
  xs.length ? `median ${ms(median(xs))}, p90 ${ms(percentile(xs, 90))}, n=${xs.length}` : "no samples";
// With keystrokes cut off at NO_CHANGE_MS, a figure that reaches them is only a lower bound.
const keyStats = (samples, field) =>
  `${stats(samples.map((s) => s[field]))}${samples.some((s) => s.slow) ? ` (≥: ${samples.filter((s) => s.slow).length} cut off at ${ms(NO_CHANGE_MS)})` : ""}`;
const typed = keys.samples.filter((s) => !s.clearing);
const cleared = keys.samples.filter((s) => s.clearing);
const slow = keys.samples.filter((s) => s.slow).length;

console.log(
  [
    `tsunagu bench (${new Date().toISOString()})`,
    "",
    `${pad("widget: first view (CSS inlined)", 28)}${padL("raw", 11)}${padL("gzip", 11)}${padL("brotli", 11)}`,
    ...widget.map((r) => row(r.file, r)),
    `${row("first view", widgetTotal)}   (target ≤ ${TARGET.firstViewKiB} KiB gzip, never above ${TARGET.firstViewCeilingKiB})`,
    "widget: parts fetched on demand",
    ...parts.map((r) => row(r.file, r)),
    row("parts", partsTotal),
    `${row("all together", allTotal)}   (target ≤ ${TARGET.allKiB} KiB gzip)`,
    "",
    "worker bundle (index.js + index_bg.wasm)",
    `  raw     ${kib(worker.raw)}`,
    `  gzip    ${kib(worker.gzip)}`,
    "",
    `navigation → first group list, demo page (demo data), headless Chromium, ${RUNS} loads`,
    ...loadLines(demo),
    "",
    `navigation → first group list, demo page (1,000-group feed), headless Chromium, ${RUNS} loads`,
    ...loadLines(thousand, `   (target ≤ ${TARGET.firstListMs} ms)`),
    "",
    "keystroke → updated result count and list (10,000-group feed), measured in the page from the",
    "keydown/beforeinput timeStamp to the last MutationObserver callback on the count or list",
    `(${keys.rounds} rounds of ${QUERIES.length} queries typed one character at a time, then cleared;`,
    `${keys.keystrokes} keystrokes${slow ? `; ${slow} that changed nothing within ${ms(NO_CHANGE_MS)} count as ${ms(NO_CHANGE_MS)}` : ""})`,
    `  all keystrokes       ${keyStats(keys.samples, "updated")}   (target ≤ ${TARGET.keystrokeMs} ms)`,
    `    + next frame       ${keyStats(keys.samples, "frame")}`,
    `  typing (narrowing)   ${keyStats(typed, "updated")}`,
    `  clearing (all back)  ${keyStats(cleared, "updated")}`,
    "",
    `opening a part not yet in the page (demo data, idle prefetch off), loopback, ${RUNS} pages`,
    `  card → detail        ${coldWarm(opened.detail)}`,
    `  detail → form        ${coldWarm(opened.form)}`,
    `  card → form          ${coldWarm(opened.detail.map((d, i) => d + opened.form[i]), `   (target ≤ ${TARGET.toFormMs} ms)`)}`,
  ].join("\n"),
);
