// Serves the demo facility page (this folder) the way a facility's own web server would: on its
// own origin, separate from the worker. The page's script tag names the default local worker
// (http://127.0.0.1:8787); when the worker runs elsewhere (tests pick free ports) the HTML is
// rewritten to point there. `setWorkerOrigin` lets a caller start the page first (its origin
// goes into the facilities' allowlists) and name the worker once it is up.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_WORKER_ORIGIN = "http://127.0.0.1:8787";
const ROOT = fileURLToPath(new URL(".", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8" };

/** Starts the server; resolves to { origin, setWorkerOrigin(origin), close() }. */
export function startDemoServer({ port = 8788, host = "127.0.0.1", workerOrigin = DEFAULT_WORKER_ORIGIN } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://demo.invalid");
    const relative = url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(ROOT, relative));
    const type = TYPES[extname(file)];
    if (!file.startsWith(ROOT) || file.includes(`${sep}data${sep}`) || !type) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      let body = await readFile(file, "utf8");
      if (type.startsWith("text/html")) body = body.replaceAll(DEFAULT_WORKER_ORIGIN, workerOrigin);
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        origin: `http://${host}:${actual}`,
        setWorkerOrigin: (origin) => {
          workerOrigin = origin;
        },
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
