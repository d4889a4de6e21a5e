// Size and speed figures:
//   - widget transfer (loader + wasm-bindgen glue + wasm, CSS inlined in the wasm): raw, gzip, brotli
//   - worker bundle (index.js + index_bg.wasm): raw, gzip
//   - navigation → first rendered group list on the demo page in headless Chromium:
//     the first (cold cache) load and the median of the following warm loads
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { launchBrowser } from "../tests/support/browser.mjs";
import { ROOT, startStack } from "../tests/support/stack.mjs";

const RUNS = Number(process.env.TSUNAGU_BENCH_RUNS ?? 10);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function sizes(files) {
  const data = files.map((f) => readFileSync(join(ROOT, f)));
  const sum = (fn) => data.reduce((total, d) => total + fn(d), 0);
  return {
    raw: sum((d) => d.length),
    gzip: sum((d) => gzipSync(d, { level: 9 }).length),
    brotli: sum((d) => brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
  };
}

const widget = sizes([
  "dist/public/widget/tsunagu.js",
  "dist/public/widget/tsunagu_widget.js",
  "dist/public/widget/tsunagu_widget_bg.wasm",
]);
const worker = sizes(["edge-worker/build/index.js", "edge-worker/build/index_bg.wasm"]);

const stack = await startStack();
const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
const times = [];
try {
  for (let i = 0; i < RUNS; i += 1) {
    const page = await browser.context.newPage();
    await page.goto(`${stack.demoOrigin}/`, { waitUntil: "commit" });
    // Polled every animation frame, inside the page, so the figure is the page's own clock.
    const handle = await page.waitForFunction(
      () => {
        const card = document.querySelector("[data-tsunagu]")?.shadowRoot?.querySelector("[data-testid=group-card]");
        return card ? performance.now() : null;
      },
      null,
      { polling: "raf", timeout: 30_000 },
    );
    times.push(await handle.jsonValue());
    await page.close();
  }
} finally {
  await browser.close();
  await stack.stop();
}
const [cold, ...warm] = times;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`tsunagu bench (${new Date().toISOString()})

widget transfer (loader + glue + wasm, CSS inlined)
  raw     ${kib(widget.raw)}
  gzip    ${kib(widget.gzip)}
  brotli  ${kib(widget.brotli)}

worker bundle (index.js + index_bg.wasm)
  raw     ${kib(worker.raw)}
  gzip    ${kib(worker.gzip)}

navigation → first group list, demo page, headless Chromium, ${RUNS} loads
  cold (first load)   ${cold.toFixed(0)} ms
  warm (median)       ${median(warm).toFixed(0)} ms
  warm (min … max)    ${Math.min(...warm).toFixed(0)} … ${Math.max(...warm).toFixed(0)} ms`);
