// The bench's keystroke samples (scripts/keystrokes.mjs), without a browser: a keystroke that
// changed nothing within the wait counts as at least that long, and one that never reached the
// page stops the run, so a slow or deaf widget cannot pass for a fast one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { keystrokeSample } from "../scripts/keystrokes.mjs";

const WAIT = 5_000;
const fast = { kind: "keydown", updated: 8, frame: 12, count: "3件のグループ" };
const timedOut = { kind: "keydown", changed: false };

test("a keystroke that changed nothing within the wait is a sample of the wait, marked slow", () => {
  assert.deepEqual(keystrokeSample(timedOut, { clearing: false, noChangeMs: WAIT }), {
    kind: "keydown",
    updated: WAIT,
    frame: WAIT,
    clearing: false,
    slow: true,
  });
  assert.deepEqual(keystrokeSample(fast, { clearing: true, noChangeMs: WAIT }), { ...fast, clearing: true });
});

test("a widget that mostly misses the wait has a median of the wait, not of its few fast keystrokes", () => {
  const samples = [fast, timedOut, timedOut, fast, timedOut].map((r) => keystrokeSample(r, { clearing: false, noChangeMs: WAIT }));
  const sorted = samples.map((s) => s.updated).sort((a, b) => a - b);
  assert.equal(sorted.length, 5);
  assert.equal(sorted[2], WAIT);
});

test("a keystroke that never reached the page stops the run", () => {
  assert.throws(() => keystrokeSample({ kind: "none", changed: false }, { clearing: false, noChangeMs: WAIT }), /never reached/);
});
