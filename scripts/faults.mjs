// The fault-injection run at full size (a command; tests/faults.test.mjs runs it small in CI):
//   node scripts/faults.mjs [--inquiries N] [--connections C]
// Prints submitted, acknowledged, stored, delivered, duplicates and lost; exits 1 unless every
// acknowledged inquiry is stored and delivered exactly once, with no send the worker had no
// reason for (see unexplainedReplays and straySends in tests/support/faults.mjs).
import { parseArgs } from "node:util";
import { faultRun } from "../tests/support/faults.mjs";

const { values } = parseArgs({
  options: { inquiries: { type: "string", default: "1000" }, connections: { type: "string", default: "32" } },
});
const started = Date.now();
const figures = await faultRun({
  n: Number(values.inquiries),
  connections: Number(values.connections),
  log: (line) => console.log(`  ${line}`),
});
console.log(`tsunagu fault run (${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
const shown = (value) =>
  Array.isArray(value) ? value.join(", ") : typeof value === "object" ? JSON.stringify(value) : value;
for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(19)} ${shown(value)}`);
const ok =
  figures.lost === 0 &&
  figures.duplicates === 0 &&
  figures.unexplainedReplays === 0 &&
  figures.straySends === 0 &&
  figures.acknowledged === figures.submitted;
process.exit(ok ? 0 : 1);
