// The coming meetings of a demo group, from core itself (the `tsunagu schedule` command), for
// tests whose requests must name real meetings: the worker checks them against its own clock,
// which no test can fix, so they are worked out from now rather than written in.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ROOT } from "./stack.mjs";

/** Tokyo's offset from UTC: nine hours all year (Japan keeps no summer time). */
export const TOKYO_OFFSET_MS = 9 * 3600_000;

/** The Tokyo wall-clock time of the instant `at`, as a Date whose UTC fields read as Tokyo's. */
export const tokyoClock = (at = Date.now()) => new Date(at + TOKYO_OFFSET_MS);

/** How far ahead the worker accepts a preferred meeting (core's PREFERRED_HORIZON_DAYS). */
const HORIZON_DAYS = 92;
const WEEKDAYS = "日月火水木金土";

/** The next `count` meetings of the demo group `groupId`, whose schedule `phrase` writes in
 *  words, as { date: "2026-12-07", start: "13:30", label: "12月7日(月) 13:30〜" } (the label as
 *  staff mail and the form write it). Only meetings starting an hour or more from now and
 *  within the worker's horizon: one that starts (or is under way) while the suite runs would be
 *  refused as gone by. Throws when the phrase no longer reads as the group's schedule in
 *  demo/data, so the two cannot drift apart. */
export function nextMeetings(groupId, phrase, count) {
  const directory = JSON.parse(readFileSync(join(ROOT, "demo/data/directory.json"), "utf8"));
  const group = directory.groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`no group ${groupId} in demo/data`);
  const tokyoNow = tokyoClock();
  const from = new Date(tokyoNow.getTime() + 3600_000).toISOString().slice(0, 16);
  const last = new Date(tokyoNow.getTime() + HORIZON_DAYS * 86_400_000).toISOString().slice(0, 10);
  const args = ["schedule", phrase, "--from", from, "--count", String(count + 5), "--json"];
  const run = spawnSync(join(ROOT, "target/release/tsunagu"), args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`tsunagu schedule failed: ${run.stderr}`);
  const answer = JSON.parse(run.stdout);
  if (!isDeepStrictEqual(answer.schedule, group.schedule)) {
    throw new Error(`「${phrase}」 is not ${groupId}'s schedule: ${JSON.stringify(group.schedule)}`);
  }
  const meetings = answer.occurrences
    .filter((o) => `${o.date}T${o.start}` >= from && o.date <= last)
    .slice(0, count)
    .map(({ date, start }) => {
      const [, m, d] = date.split("-").map(Number);
      const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
      return { date, start, label: `${m}月${d}日(${weekday}) ${start}〜` };
    });
  if (meetings.length !== count) throw new Error(`expected ${count} meetings from ${from} to ${last}:\n${run.stdout}`);
  return meetings;
}
