// The demo stack: `tsunagu load` puts demo/data into local KV, `wrangler dev --local` runs the
// worker on workerd with KV persisted under .tsunagu/state, and the demo facility page is served
// from its own origin. send_email writes each staff mail to a temporary .eml file that wrangler
// deletes on exit, so every one is copied to .tsunagu/mail/ as it is written.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDemoServer } from "../demo/serve.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WORKER_PORT = Number(process.env.TSUNAGU_WORKER_PORT ?? 8787);
const DEMO_PORT = Number(process.env.TSUNAGU_DEMO_PORT ?? 8788);
const STATE = join(ROOT, ".tsunagu/state");
const MAIL = join(ROOT, ".tsunagu/mail");
const workerOrigin = `http://127.0.0.1:${WORKER_PORT}`;
const demoOrigin = `http://127.0.0.1:${DEMO_PORT}`;
mkdirSync(MAIL, { recursive: true });

const load = spawnSync(
  join(ROOT, "target/release/tsunagu"),
  ["load", join(ROOT, "demo/data"), "--local", "--persist-to", STATE, "--allow-origin", demoOrigin],
  { cwd: ROOT, stdio: "inherit" },
);
if (load.status !== 0) process.exit(load.status ?? 1);

const wrangler = spawn(
  join(ROOT, "node_modules/.bin/wrangler"),
  [
    "dev", "--local", "--persist-to", STATE, "--test-scheduled",
    "--ip", "127.0.0.1", "--port", String(WORKER_PORT), "--inspector-port", "0",
    "--show-interactive-dev-session=false",
  ],
  { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
);

let demo;
let mails = 0;
// Output is handled line by line, so a path split across two chunks is still seen whole.
function lines(stream, onLine) {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop();
    for (const line of parts) onLine(line);
  });
  stream.on("end", () => pending && onLine(pending));
}

function onLine(text) {
  process.stdout.write(`${text}\n`);
  for (const path of text.match(/\/\S+\.eml/g) ?? []) {
    mails += 1;
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const copy = join(MAIL, `${stamp}-${mails}.eml`);
    try {
      copyFileSync(path, copy);
      console.log(`\n  staff mail saved: ${copy}\n`);
    } catch (e) {
      console.error(`  could not copy ${path}: ${e.message}`);
    }
  }
  if (!demo && /Ready on/.test(text)) {
    demo = startDemoServer({ port: DEMO_PORT, workerOrigin }).then((server) => {
      console.log(`
  ───────────────────────────────────────────────────────────────
   tsunagu demo is running

   Demo facility page:  ${server.origin}/
   Worker API:          ${workerOrigin}/v2/feed
   Staff mail (.eml):   ${MAIL}
   KV (on disk):        ${STATE}

   Ctrl-C stops everything.
  ───────────────────────────────────────────────────────────────
`);
      return server;
    });
    demo.catch((e) => {
      console.error(`The demo page could not be served on port ${DEMO_PORT}: ${e.message}`);
      console.error("Set TSUNAGU_DEMO_PORT to a free port.");
      stop(1);
    });
  }
}
lines(wrangler.stdout, onLine);
lines(wrangler.stderr, onLine);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  // Wait for wrangler to stop workerd, so nothing keeps the port; force it after 10 s.
  if (wrangler.exitCode === null) {
    const exited = once(wrangler, "exit");
    wrangler.kill("SIGINT");
    const timer = setTimeout(() => wrangler.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  const server = await demo?.catch(() => undefined);
  await server?.close();
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
wrangler.on("exit", (code) => {
  if (!stopping) {
    console.error(`wrangler dev exited (${code})`);
    stop(code ?? 1);
  }
});
