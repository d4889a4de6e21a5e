// The local tsunagu stack for tests: the real worker bundle in workerd (through Miniflare, with
// the bindings wrangler.toml declares), KV persisted in a fresh folder, the demo data loaded by
// the real `tsunagu load` command, staff mail captured as .eml files, and the demo page served
// from its own origin.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Log, LogLevel, Miniflare } from "miniflare";
import PostalMime from "postal-mime";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { startDemoServer } from "../../demo/serve.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A copy of the demo data with the facilities' settings changed: `edit` gets the facilities
 *  by id and changes them in place. Resolves to the folder, to pass as `startStack`'s
 *  `dataDir`, and a `remove()` for the end. */
export function demoDataWith(edit) {
  const dir = mkdtempSync(join(tmpdir(), "tsunagu-data-"));
  cpSync(join(ROOT, "demo/data"), dir, { recursive: true });
  const path = join(dir, "facilities.json");
  const facilities = JSON.parse(readFileSync(path, "utf8"));
  edit(Object.fromEntries(facilities.map((f) => [f.id, f])));
  writeFileSync(path, JSON.stringify(facilities));
  return { dir, facilities, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Miniflare logs the path of every .eml that send_email writes; the file is deleted when the
 *  worker stops, so a copy is taken at once. */
class MailCatcher extends Log {
  constructor(dir) {
    super(LogLevel.WARN);
    this.dir = dir;
    this.count = 0;
    this.lines = [];
  }
  logWithLevel(level, message) {
    this.lines.push(message);
    for (const path of message.match(/\/\S+\.eml/g) ?? []) {
      this.count += 1;
      copyFileSync(path, join(this.dir, `${String(this.count).padStart(4, "0")}.eml`));
    }
    if (level <= LogLevel.WARN) super.logWithLevel(level, message);
  }
}

/** Starts everything; call `stop()` when done. `dataDir` is the data folder `tsunagu load` loads
 *  (directory.json + facilities.json); the demo's by default. `feedAt` (an ISO instant) builds
 *  the finder's feeds as of that moment instead of now (`tsunagu load --at`), for pages whose
 *  clock a test fixes; `stack.scheduled(t)` builds them again as of `t`. `bindings` adds to or replaces the
 *  worker's vars and secrets (e.g. `{ OUTBOX_DELAY_SECONDS: "0" }`), and `sendEmail` replaces
 *  the `send_email` bindings (e.g. with `allowed_destination_addresses`), without editing
 *  wrangler.toml. `restart()` runs the worker again on the same KV state with other options. */
export async function startStack({
  dataDir = join(ROOT, "demo/data"),
  feedAt,
  bindings = {},
  sendEmail,
} = {}) {
  const work = mkdtempSync(join(tmpdir(), "tsunagu-test-"));
  const state = join(work, "state");
  const mailDir = join(work, "mail");
  mkdirSync(mailDir, { recursive: true });

  // The demo page's origin must be known before the facilities' allowlists are loaded; the
  // worker's origin only once it runs.
  const page = await startDemoServer({ port: 0 });

  const load = spawnSync(
    join(ROOT, "target/release/tsunagu"),
    ["load", dataDir, "--local", "--persist-to", state, "--allow-origin", page.origin,
      ...(feedAt ? ["--at", new Date(feedAt).toISOString()] : [])],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (load.status !== 0) {
    await page.close();
    rmSync(work, { recursive: true, force: true });
    throw new Error(`tsunagu load failed:\n${load.stdout}\n${load.stderr}`);
  }

  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml"));
  const catcher = new MailCatcher(mailDir);
  const runtimeOutput = [];
  const options = (overrides) => ({
    ...workerOptions,
    bindings: { ...workerOptions.bindings, ...overrides.bindings },
    email: overrides.sendEmail ? { ...workerOptions.email, send_email: overrides.sendEmail } : workerOptions.email,
    name: "tsunagu",
    scriptPath: join(ROOT, "edge-worker/build/index.js"),
    modules: true,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    defaultPersistRoot: join(state, "v3"),
    cf: false,
    host: "127.0.0.1",
    port: 0,
    log: catcher,
    // The worker's own console output: kept for the privacy checks, not echoed.
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) {
        stream.setEncoding("utf8");
        stream.on("data", (chunk) => runtimeOutput.push(chunk));
      }
    },
  });
  const mf = new Miniflare(options({ bindings, sendEmail }));
  let workerUrl;
  try {
    workerUrl = await mf.ready;
  } catch (error) {
    // Leave nothing running behind a failed start.
    await mf.dispose().catch(() => {});
    await page.close();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const workerOrigin = workerUrl.origin;
  page.setWorkerOrigin(workerOrigin);

  const stack = {
    workerOrigin,
    demoOrigin: page.origin,
    /** Runs the worker again on the same KV state with other `bindings` / `sendEmail` (as
     *  `startStack` takes them); mail already caught stays. */
    async restart(overrides = {}) {
      await mf.setOptions(options(overrides));
      const url = await mf.ready;
      stack.workerOrigin = url.origin;
      page.setWorkerOrigin(url.origin);
    },
    /** Runs the worker's cron trigger as the platform would at `scheduledTime`: mail due then is
     *  retried, and the feeds are built again as of then when they are stale at that moment
     *  (older than the refresh interval, or built later than it). */
    async scheduled(scheduledTime = new Date()) {
      const worker = await mf.getWorker();
      return worker.scheduled({ cron: "* * * * *", scheduledTime });
    },
    /** Every KV entry of a binding, as { key: text } (read 100 keys at a time: one read per
     *  key costs a round trip each, too slow for tests that compare KV around every request). */
    async kv(binding) {
      const ns = await mf.getKVNamespace(binding);
      const names = (await stack.kvKeys(binding)).map((key) => key.name);
      const out = {};
      for (let i = 0; i < names.length; i += 100) {
        for (const [name, text] of await ns.get(names.slice(i, i + 100), "text")) {
          if (text !== null) out[name] = text;
        }
      }
      return out;
    },
    /** A KV namespace itself, to set up states a test needs (a lost record, a planted key). */
    kvNamespace: (binding) => mf.getKVNamespace(binding),
    /** Every key of a binding with its expiration and metadata (what `list` returns). */
    async kvKeys(binding, prefix = "") {
      const ns = await mf.getKVNamespace(binding);
      const out = [];
      let cursor;
      do {
        const page = await ns.list({ prefix, cursor });
        out.push(...page.keys);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return out;
    },
    /** How many mails have been sent so far (cheaper than `mails()`). */
    mailCount: () => catcher.count,
    /** Every staff mail sent so far, parsed by an independent MIME parser. */
    async mails() {
      const files = readdirSync(mailDir).sort();
      return Promise.all(
        files.map(async (file) => {
          const raw = readFileSync(join(mailDir, file), "utf8");
          return { file, raw, parsed: await PostalMime.parse(raw) };
        }),
      );
    },
    /** Everything the worker and Miniflare logged (for privacy checks). */
    logLines: () => [...catcher.lines, ...runtimeOutput.join("").split("\n")],
    async stop() {
      await page.close();
      await mf.dispose();
      rmSync(work, { recursive: true, force: true });
    },
  };
  return stack;
}

/** The answer's status, headers, text and (when it is JSON) parsed body. */
function answer(status, headers, text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, json, text };
}

/** A request exactly as written: `path` goes on the wire unchanged (fetch would resolve `..`
 *  and `%2e%2e` segments before sending), and only the given headers are sent (fetch adds a
 *  content type to a text body). `body` is a string or a Buffer. */
export function request(stack, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(stack.workerOrigin + "/", { method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve(answer(res.statusCode, new Headers(res.headers), Buffer.concat(chunks).toString("utf8"))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** POSTs JSON (or anything) to the worker; `headers` are added to the request. */
export async function post(stack, path, body, { origin, contentType = "application/json", raw, headers: extra = {} } = {}) {
  const headers = { "content-type": contentType, ...extra };
  if (origin !== null) headers.origin = origin ?? stack.demoOrigin;
  const response = await fetch(stack.workerOrigin + path, {
    method: "POST",
    headers,
    body: raw ?? JSON.stringify(body),
  });
  return answer(response.status, response.headers, await response.text());
}
