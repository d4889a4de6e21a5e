// How the bench turns one keystroke's measurement in the page into a sample (scripts/bench.mjs).
// Every keystroke the bench types changes the result count, so one that changed nothing within
// the wait took at least that long or never updated the list at all: it counts as a sample of
// the wait itself, a lower bound. Left out, it would make a slow widget look fast.

/** The sample for `result`, what the page's instrument reported for one keystroke: its own
 *  timings, or `noChangeMs` for both with `slow: true` when nothing changed within that time.
 *  Throws when the keystroke never reached the page, since then nothing was measured. */
export function keystrokeSample(result, { clearing, noChangeMs }) {
  if (result.kind === "none") {
    throw new Error(`a keystroke never reached the search box within ${noChangeMs} ms: nothing was measured`);
  }
  if (result.changed === false) return { kind: result.kind, updated: noChangeMs, frame: noChangeMs, clearing, slow: true };
  return { ...result, clearing };
}
