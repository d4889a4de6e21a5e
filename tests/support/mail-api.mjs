// A local stand-in for a Resend-style HTTP mail API (`POST /emails`), for facilities whose
// "mail_provider" is "http". It records every request and answers with the statuses a test
// queues, then 202; it is a third-party API, the one thing the tests do not run for real.
import http from "node:http";

export async function startMailApi() {
  const requests = [];
  const queued = [];
  const holds = [];
  let arrived = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      arrived += 1;
      const hold = holds.length > 0 ? holds.shift() : 0;
      if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
      const status = queued.length > 0 ? queued.shift() : 202;
      let json;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method, path: req.url, headers: req.headers, json, status });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status < 300 ? { id: `stub-${requests.length}` } : { message: "stub failure" }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    /** Every request so far, with the status it got. */
    requests,
    /** The next requests get these statuses, in order. */
    failNext(...statuses) {
      queued.push(...statuses);
    },
    /** The next requests are answered only after these many milliseconds, in order (a slow
     *  provider). */
    holdNext(...ms) {
      holds.push(...ms);
    },
    /** Resolves once `count` requests in all have arrived (answered or still held). */
    async arrivals(count) {
      while (arrived < count) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    /** The requests that were answered 2xx: what the provider delivered. */
    delivered: () => requests.filter((r) => r.status < 300),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
