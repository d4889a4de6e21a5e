// The fault-injection run at CI size (scripts/faults.mjs runs it with 1,000 inquiries): the
// real worker restarted twice mid-run on the same KV state, the HTTP mail provider failing at
// random half of the time, every client retrying with its idempotency key. Afterwards, with
// mail healthy and the cron run triggered, every acknowledged inquiry is stored once and
// delivered once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { faultRun } from "./support/faults.mjs";

test("100 inquiries through two restarts and a mail provider failing half the time: none lost, none doubled", async (t) => {
  const figures = await faultRun({ n: 100, connections: 16, log: (line) => t.diagnostic(line) });
  t.diagnostic(JSON.stringify(figures));
  assert.equal(figures.restarts.length, 2, "the worker was restarted twice");
  assert.ok(figures.failedSends > 0, "the provider did fail");
  assert.deepEqual(figures.refusals, {}, "no inquiry was refused");
  assert.equal(figures.gaveUp, 0, "no client gave up");
  assert.equal(figures.acknowledged, 100);
  assert.equal(figures.stored, 100);
  assert.equal(figures.delivered, 100);
  assert.equal(figures.duplicates, 0);
  assert.equal(figures.lost, 0);
  // Every send the worker made (figures.sends) belongs to an acknowledged inquiry.
  assert.equal(figures.straySends, 0, "sends for no acknowledged inquiry");
  // The provider's de-duplication must not hide a second send the worker had no reason for:
  // only a restart between the provider's acceptance and the worker's record of it explains one.
  assert.equal(figures.unexplainedReplays, 0, `${figures.providerReplays} sends replayed by the provider, ${figures.unexplainedReplays} without a restart to explain them`);
});
