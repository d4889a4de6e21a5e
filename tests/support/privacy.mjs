// The privacy check over everything the worker and Miniflare logged during a run: no personal
// data in any form it may take on its way through the worker (as typed, normalised by core,
// lower-cased, a phone number's digits alone, one line of a message) and no token.
import assert from "node:assert/strict";

const DASHES = /[\u2010-\u2015\u2212\u30fc\uff0d\uff70]/g;

/** The forms of each kind of personal data worth looking for in a log. */
const FORMS = {
  /** An address as typed, folded (full-width typed with an IME) and lower-cased, and its local
   *  part. */
  email: (value) => {
    const folded = value.normalize("NFKC");
    const local = folded.split("@")[0];
    return [value, folded, folded.toLowerCase(), ...(local.length >= 4 ? [local, local.toLowerCase()] : [])];
  },
  /** A number as typed, with ASCII digits and hyphens, its digits alone, and its national
   *  form (as core stores `+81 90-…`: `090-…`) with and without the trunk 0. */
  phone: (value) => {
    const hyphenated = value.normalize("NFKC").replace(DASHES, "-");
    const national = hyphenated.replace(/^\+81[\s-]*(\(0\))?[\s-]*/, "0");
    const digits = national.replace(/\D/g, "");
    return [value, hyphenated, national, national.replace(/\s+/g, "-"), digits, digits.replace(/^0/, "")];
  },
  /** A name as typed, without its spaces, and each of its parts. */
  name: (value) => [value, value.replace(/\s+/g, ""), ...value.split(/\s+/).filter((part) => part.length >= 2)],
  /** A text (message, postal address) as typed and each of its lines. */
  text: (value) => [value, ...value.split(/[\r\n\u2028\u2029\u0085]+/).map((line) => line.trim())],
  /** A secret (a token) exactly. */
  secret: (value) => [value],
};

/** Every form of every value of `personal` ({ email: [...], phone: [...], name: [...], text:
 *  [...], secret: [...] }), without the ones too short to mean anything. */
export function personalForms(personal) {
  const out = new Set();
  for (const [kind, values] of Object.entries(personal)) {
    const forms = FORMS[kind];
    assert.ok(forms, `no forms for ${kind}`);
    for (const value of values) {
      for (const form of forms(value)) if (form.trim().length >= 2) out.add(form.trim());
    }
  }
  return [...out];
}

/** Waits until the logs hold `until` (the worker's console output arrives through a pipe, and
 *  its presence shows the worker's own lines are being read), then asserts that no log line
 *  holds any form of `personal` (see `personalForms`). Resolves to the number of lines read. */
export async function assertLogsHoldNoPersonalData(stacks, personal, { until }) {
  const all = [stacks].flat();
  const read = () => all.flatMap((stack) => stack.logLines());
  for (let i = 0; i < 200 && !read().some((line) => until.test(line)); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const lines = read();
  assert.ok(lines.some((line) => until.test(line)), `no log line matches ${until}: the worker's output is not read`);
  const forms = personalForms(personal);
  for (const line of lines) {
    for (const form of forms) assert.ok(!line.includes(form), `the log holds ${JSON.stringify(form)}: ${line}`);
  }
  return lines.length;
}
