// A synthetic but valid data folder of N groups for the bench: the demo's directory
// (demo/data/directory.json + facilities.json) replicated as often as needed. Copy 1 is the demo
// itself; copy k ≥ 2 of every facility and group gets the id `ORIGINAL-k` and the name
// `ORIGINAL k`, everything else (places, categories, schedules, texts) as in the demo, so the
// feed is as varied across prefectures, categories and schedules as the demo is. Deterministic:
// the same N always gives the same files. The last copy is cut short to give exactly N groups,
// and only facilities that have a group are kept.
//
//   node scripts/feed.mjs N OUTDIR   writes OUTDIR/directory.json and OUTDIR/facilities.json
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DEMO = join(ROOT, "demo/data");
// core/src/directory/id.rs: 1–64 bytes of a-z, 0-9 and '-', not starting or ending with '-'.
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const suffixId = (id, copy) => {
  const out = copy === 1 ? id : `${id}-${copy}`;
  if (!SLUG.test(out)) throw new Error(`generated id ${out} is not a valid slug`);
  return out;
};
const suffixText = (text, copy) => (copy === 1 || text == null ? text : `${text} ${copy}`);

/** Writes a data folder of `groups` groups to `outDir`; resolves to { groups, facilities, dir }. */
export function generateFeed(groups, outDir) {
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`groups must be a positive integer, not ${groups}`);
  const demo = JSON.parse(readFileSync(join(DEMO, "directory.json"), "utf8"));
  const configs = JSON.parse(readFileSync(join(DEMO, "facilities.json"), "utf8"));
  const copies = Math.ceil(groups / demo.groups.length);

  const outGroups = [];
  const usedFacilities = new Set();
  for (let copy = 1; copy <= copies && outGroups.length < groups; copy += 1) {
    for (const group of demo.groups) {
      if (outGroups.length === groups) break;
      const facility = suffixId(group.facility, copy);
      usedFacilities.add(facility);
      outGroups.push({
        ...structuredClone(group),
        id: suffixId(group.id, copy),
        facility,
        name: suffixText(group.name, copy),
        ...(group.kana != null && { kana: suffixText(group.kana, copy) }),
      });
    }
  }
  const outFacilities = [];
  const outConfigs = [];
  for (let copy = 1; copy <= copies; copy += 1) {
    for (const facility of demo.facilities) {
      const id = suffixId(facility.id, copy);
      if (!usedFacilities.has(id)) continue;
      outFacilities.push({
        ...structuredClone(facility),
        id,
        name: suffixText(facility.name, copy),
        ...(facility.kana != null && { kana: suffixText(facility.kana, copy) }),
      });
    }
    for (const config of configs) {
      const id = suffixId(config.id, copy);
      if (usedFacilities.has(id)) outConfigs.push({ ...structuredClone(config), id });
    }
  }

  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, "directory.json"),
    `${JSON.stringify({ facilities: outFacilities, groups: outGroups }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, "facilities.json"), `${JSON.stringify(outConfigs, null, 2)}\n`);
  return { groups: outGroups.length, facilities: outFacilities.length, dir: outDir };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [n, outDir] = process.argv.slice(2);
  if (!n || !outDir || !/^\d+$/.test(n)) {
    console.error("usage: node scripts/feed.mjs N OUTDIR");
    process.exit(2);
  }
  const { groups, facilities, dir } = generateFeed(Number(n), outDir);
  console.log(`wrote ${groups} groups of ${facilities} facilities to ${dir}`);
}
