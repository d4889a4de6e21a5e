// The coming meetings of a schedule, from core itself (the `tsunagu schedule` command), for tests
// whose requests must name real meetings: the worker checks them against its own clock, which
// no test can fix, so they are worked out from today rather than written in.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./stack.mjs";

/** The next `count` meetings of `phrase` starting an hour or more from now, as
 *  { date: "2026-12-07", start: "13:30", label: "12月7日(月) 13:30〜" } (the label as staff mail
 *  and the form write it). The hour keeps a meeting that starts while the suite runs, which the
 *  worker would then refuse as gone by, out of the answer. */
export function nextMeetings(phrase, count) {
  const from = new Date(Date.now() + (9 + 1) * 3600_000).toISOString().slice(0, 16); // Tokyo time
  const args = ["schedule", phrase, "--from", from, "--count", String(count)];
  const run = spawnSync(join(ROOT, "target/release/tsunagu"), args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`tsunagu schedule failed: ${run.stderr}`);
  const meetings = [...run.stdout.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日\((.)\) (\d{1,2}:\d{2})/g)].map(
    ([, y, m, d, w, start]) => ({
      date: `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`,
      start,
      label: `${m}月${d}日(${w}) ${start}〜`,
    }),
  );
  if (meetings.length !== count) throw new Error(`expected ${count} meetings in:\n${run.stdout}`);
  return meetings;
}
