// The fault-injection run (issue 6): N inquiries sent concurrently to the real worker while the
// mail provider fails at random half of the time and the worker is restarted twice mid-run on
// the same KV state. Every client retries with its own idempotency key until it gets an answer.
// Then, with mail healthy, the cron run is triggered until the outbox is empty, and the run is
// counted: every acknowledged inquiry must be stored and delivered exactly once.
// Used by `scripts/faults.mjs` (full size) and `tests/faults.test.mjs` (CI size).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMailApi } from "./mail-api.mjs";
import { ROOT, startStack } from "./stack.mjs";

const FACILITY = "hidamari-noborito";

/** The demo data with the facility mailing through the HTTP provider (whose failures the run
 *  controls) and no auto-reply, so each inquiry owes exactly one message. */
function faultData() {
  const dir = mkdtempSync(join(tmpdir(), "tsunagu-faults-"));
  cpSync(join(ROOT, "demo/data"), dir, { recursive: true });
  const path = join(dir, "facilities.json");
  const facilities = JSON.parse(readFileSync(path, "utf8"));
  const facility = facilities.find((f) => f.id === FACILITY);
  facility.mail_provider = "http";
  facility.auto_reply = false;
  writeFileSync(path, JSON.stringify(facilities));
  return dir;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the fault run; resolves to the figures. `log` gets progress lines. */
export async function faultRun({ n = 1000, connections = 32, log = () => {} } = {}) {
  const api = await startMailApi();
  const bindings = { OUTBOX_DELAY_SECONDS: "120", MAIL_API_BASE: api.base, MAIL_API_KEY: "fault-run" };
  const stack = await startStack({ dataDir: faultData(), bindings });
  try {
    api.failAtRandom(0.5);
    const receipts = new Map(); // i → receipt
    let next = 0;
    let done = 0;
    let retries = 0;
    const refusals = {}; // "status code" → count: answers other than 201 and 5xx
    let gaveUp = 0;
    let cutAnswers = 0;
    const restarts = [];
    const send = async (i) => {
      const key = `fault-run-${String(i).padStart(6, "0")}-0000000000`;
      const body = JSON.stringify({
        inquiry: {
          facility: FACILITY,
          group: "hidamari-walking",
          kind: "question",
          name: `耐障害テスト${i}`,
          contact: "email",
          email: `fault${i}@example.jp`,
          message: `耐障害テストの問い合わせ #${i}`,
          consent: true,
          consent_version: "2026-04",
        },
        fill_ms: 10_000,
      });
      for (let attempt = 0; attempt < 60; attempt += 1) {
        try {
          const response = await fetch(`${stack.workerOrigin}/v1/inquiries`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              origin: stack.demoOrigin,
              "idempotency-key": key,
              "cf-connecting-ip": `10.9.${(i >> 8) & 255}.${i & 255}`,
            },
            body,
          });
          const answer = await response.json().catch(() => ({}));
          if (response.status === 201) {
            if (typeof answer.receipt_id === "string") return answer.receipt_id;
            // The body was cut by a restart: the client never learnt its receipt, so it asks
            // again with the same key (as the widget does) and gets the first answer replayed.
            cutAnswers += 1;
          } else if (response.status < 500) {
            const why = `${response.status} ${answer.code ?? ""}`.trim();
            refusals[why] = (refusals[why] ?? 0) + 1;
            return null;
          }
        } catch {
          // The worker is restarting: the connection was refused or cut. Try again.
        }
        retries += 1;
        await pause(50 + attempt * 50);
      }
      gaveUp += 1;
      return null;
    };
    const worker = async () => {
      while (next < n) {
        const i = next++;
        const receipt = await send(i);
        if (receipt) receipts.set(i, receipt);
        done += 1;
      }
    };
    const restartAt = [Math.floor(n / 3), Math.floor((2 * n) / 3)];
    const restartWindows = []; // [start, end] in ms, to tell which provider replays a restart explains
    const restarter = async () => {
      for (const at of restartAt) {
        while (done < at) await pause(5);
        log(`restarting the worker after ${done} of ${n} answers`);
        const start = Date.now();
        await stack.restart({ bindings });
        restartWindows.push([start, Date.now()]);
        restarts.push(done);
      }
    };
    await Promise.all([restarter(), ...Array.from({ length: connections }, worker)]);

    // Mail healthy again; cron runs until nothing is left in the outbox (each run handles a
    // bounded number of entries; backoff waits are stepped over by the runs' scheduled times).
    api.failAtRandom(0);
    let when = Date.now();
    let runs = 0;
    for (; runs < 500; runs += 1) {
      const left = await stack.kvKeys("INQUIRIES", "outbox/v1/");
      if (left.length === 0) break;
      when += 7 * 60 * 60 * 1000; // past the longest backoff (6 h)
      await stack.scheduled(new Date(when));
    }

    const stored = new Map(); // marker i → receipts
    for (const [key, value] of Object.entries(await stack.kv("INQUIRIES"))) {
      if (!key.startsWith(`inquiry/v1/${FACILITY}/`)) continue;
      const i = Number(JSON.parse(value).inquiry.message.match(/#(\d+)$/)?.[1]);
      stored.set(i, [...(stored.get(i) ?? []), JSON.parse(value).receipt_id]);
    }
    const deliveries = new Map(); // receipt → 2xx sends
    for (const request of api.delivered()) {
      const receipt = request.json?.headers?.["X-Tsunagu-Receipt"];
      if (receipt) deliveries.set(receipt, (deliveries.get(receipt) ?? 0) + 1);
    }
    // Every send the worker attempted, replays included: the provider's de-duplication by
    // Idempotency-Key hides a second send from the delivery count, so it is counted here. A
    // send after the provider accepted the same key is explained only by a restart that ended
    // after that acceptance (the worker died before recording it) and began before the send.
    const acceptedAt = new Map(); // idempotency key → when the provider first accepted it
    let unexplainedReplays = 0;
    const attempts = new Map(); // receipt → sends
    for (const request of api.requests) {
      const receipt = request.json?.headers?.["X-Tsunagu-Receipt"];
      attempts.set(receipt, (attempts.get(receipt) ?? 0) + 1);
      const key = request.headers["idempotency-key"];
      if (request.replayed) {
        const accepted = acceptedAt.get(key);
        const explained = restartWindows.some(([start, end]) => end >= accepted && start <= request.at);
        if (!explained) unexplainedReplays += 1;
      } else if (request.status < 300 && !acceptedAt.has(key)) {
        acceptedAt.set(key, request.at);
      }
    }
    const acknowledged = [...receipts.values()];
    const lost = acknowledged.filter((r) => !(deliveries.get(r) >= 1) || ![...stored.values()].flat().includes(r));
    const duplicateDeliveries = [...deliveries.values()].filter((count) => count > 1).length;
    const duplicateInquiries = [...stored.values()].filter((list) => list.length > 1).length;
    return {
      submitted: n,
      acknowledged: acknowledged.length,
      refusals,
      gaveUp,
      cutAnswers,
      stored: [...stored.values()].flat().length,
      delivered: [...deliveries.keys()].length,
      duplicates: duplicateDeliveries + duplicateInquiries,
      duplicateDeliveries,
      duplicateInquiries,
      lost: lost.length,
      retries,
      restarts,
      cronRuns: runs,
      sends: api.requests.length,
      // Sends for no acknowledged inquiry (or without a receipt header at all).
      straySends: [...attempts.keys()].filter((receipt) => !acknowledged.includes(receipt)).reduce((sum, r) => sum + attempts.get(r), 0),
      mostSendsForOneInquiry: Math.max(0, ...attempts.values()),
      failedSends: api.requests.filter((r) => r.status >= 500).length,
      // Sends the provider recognised by their idempotency key as already delivered: the
      // worker stopped (restart) after the provider accepted a message but before it recorded
      // the delivery, and sent it again. At-least-once relay; exactly-once effect.
      providerReplays: api.requests.filter((r) => r.replayed).length,
      unexplainedReplays,
    };
  } finally {
    await stack.stop();
    await api.close();
  }
}
