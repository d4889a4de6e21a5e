// A local stand-in for a Resend-style HTTP mail API (`POST /emails`), for facilities whose
// "mail_provider" is "http". It records every request and answers with the statuses a test
// queues, then 202; it is a third-party API, the one thing the tests do not run for real. Like
// Resend, it honours `Idempotency-Key`: a key it already delivered is answered 200 again and
// not delivered a second time (the request is recorded with `replayed: true`).
import http from "node:http";
import { demoDataWith, startStack } from "./stack.mjs";

export async function startMailApi() {
  const requests = [];
  const queued = [];
  const holds = [];
  let arrived = 0;
  let failureRate = 0;
  const deliveredKeys = new Set();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      arrived += 1;
      if (holds.length > 0) await holds.shift();
      const key = req.headers["idempotency-key"];
      const replayed = key !== undefined && deliveredKeys.has(key);
      const status = replayed ? 200 : queued.length > 0 ? queued.shift() : Math.random() < failureRate ? 500 : 202;
      if (status < 300 && key !== undefined) deliveredKeys.add(key);
      let json;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method, path: req.url, headers: req.headers, json, status, replayed, at: Date.now() });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status < 300 ? { id: `stub-${requests.length}` } : { message: "stub failure" }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    /** Every request so far, with the status it got and when (`at`, ms) it was answered. */
    requests,
    /** The next requests get these statuses, in order. */
    failNext(...statuses) {
      queued.push(...statuses);
    },
    /** From now on, answer 500 to this share of requests at random (0 = healthy). */
    failAtRandom(rate) {
      failureRate = rate;
    },
    /** The next request is answered only once the returned function is called (a provider
     *  slow for exactly as long as a test needs). */
    holdNext() {
      let release;
      holds.push(new Promise((resolve) => (release = resolve)));
      return release;
    },
    /** Resolves once `count` requests in all have arrived (answered or still held). */
    async arrivals(count) {
      while (arrived < count) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    /** The requests that were answered 2xx: what the provider delivered. */
    delivered: () => requests.filter((r) => r.status < 300 && !r.replayed),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The stack on the demo data changed by `edit` (as `demoDataWith` takes it), with a stub as
 *  its HTTP mail provider; `bindings` add to the worker's, `sendEmail(facilities)` gives its
 *  `send_email` bindings if any. Resolves to { stack, api, data, stop() }. */
export async function startStackWithMailApi({ edit = () => {}, bindings = {}, sendEmail } = {}) {
  const api = await startMailApi();
  const data = demoDataWith(edit);
  try {
    const stack = await startStack({
      dataDir: data.dir,
      bindings: { MAIL_API_BASE: api.base, MAIL_API_KEY: "stub-mail-key", ...bindings },
      sendEmail: sendEmail?.(data.facilities),
    });
    const stop = async () => {
      await stack.stop();
      await api.close();
      data.remove();
    };
    return { stack, api, data, stop };
  } catch (error) {
    await api.close();
    data.remove();
    throw error;
  }
}
