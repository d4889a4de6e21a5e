// Load run (a command, never a CI test): the real worker in workerd on loopback, driven for a
// fixed time by a closed-loop generator (N connections, each sending its next request as soon
// as the last is answered), first against `GET /v1/groups`, then against `POST
// /v1/inquiries` with valid submissions. Prints throughput, p50, p99 and the answers by status;
// any 5xx is a failure (exit 1). 429 is the rate limiter doing its job: the inquiries come from
// a pool of client addresses (`CF-Connecting-IP`, which Miniflare passes through), and a pool
// smaller than the limit allows shows the limiter answering.
//
//   node scripts/load.mjs [--seconds S] [--connections N] [--clients K]
//
// Defaults: 15 s per route, 32 connections, 5,000 client addresses. Needs the release builds
// (`./scripts/demo` or `./scripts/test` makes them).
import { parseArgs } from "node:util";
import { startStack } from "../tests/support/stack.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "32" },
    clients: { type: "string", default: "5000" },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const CLIENTS = Number(values.clients);

/** Nearest-rank percentile of sorted `xs`. */
const percentile = (xs, p) => xs[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];

/** Runs `request(i)` from CONNECTIONS loops for SECONDS; returns latencies and statuses. */
async function drive(request) {
  const latencies = [];
  const statuses = new Map();
  let errors = 0;
  let sent = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const i = sent++;
      const start = performance.now();
      try {
        const response = await request(i);
        await response.arrayBuffer();
        latencies.push(performance.now() - start);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      } catch {
        errors += 1;
      }
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, statuses, errors, elapsed };
}

function report(name, { latencies, statuses, errors, elapsed }) {
  const by = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(", ");
  const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((t, [, n]) => t + n, 0);
  console.log(`${name}`);
  console.log(`  requests      ${latencies.length} in ${elapsed.toFixed(1)} s (${(latencies.length / elapsed).toFixed(0)}/s)`);
  console.log(`  latency       p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  console.log(`  answers       ${by}`);
  console.log(`  5xx           ${fivexx}`);
  console.log(`  failed        ${errors} (no answer at all)`);
  return fivexx + errors;
}

const stack = await startStack();
let failures = 0;
try {
  console.log(`tsunagu load run (${new Date().toISOString()}): ${SECONDS} s per route, ${CONNECTIONS} connections, loopback\n`);
  failures += report(
    "GET /v1/groups (the whole demo directory)",
    await drive(() => fetch(`${stack.workerOrigin}/v1/groups`)),
  );
  const body = JSON.stringify({
    inquiry: {
      facility: "hidamari-noborito",
      group: "hidamari-walking",
      kind: "question",
      name: "負荷テスト",
      contact: "email",
      email: "load@example.jp",
      message: "負荷試験の問い合わせです。",
      consent: true,
      consent_version: "2026-04",
    },
    fill_ms: 10_000,
  });
  failures += report(
    `POST /v1/inquiries (valid, from ${CLIENTS} client addresses; stored, mailed inline)`,
    await drive((i) =>
      fetch(`${stack.workerOrigin}/v1/inquiries`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: stack.demoOrigin,
          "cf-connecting-ip": `10.${(i % CLIENTS) >> 16 & 255}.${(i % CLIENTS) >> 8 & 255}.${i % CLIENTS & 255}`,
        },
        body,
      }),
    ),
  );
} finally {
  await stack.stop();
}
process.exit(failures > 0 ? 1 : 0);
