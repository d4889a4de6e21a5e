// The staff API in real workerd: inquiries seeded through the real POST /v1/inquiries, then
// listed, read, marked handled, exported and deleted with a facility's bearer token. Refusals
// (missing, wrong and other facilities' tokens, other methods, traversal in identifiers) are in
// the attack corpus, tests/corpus.test.mjs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertLogsHoldNoPersonalData } from "./support/privacy.mjs";
import { tokyoClock } from "./support/schedule.mjs";
import { post, startStack } from "./support/stack.mjs";

const HIDAMARI = "hidamari-noborito";
const HIDAMARI_TOKEN = "demo-hidamari-staff-token";
// A second facility, whose inquiry must never show in the first one's list or export.
const TAMAGAWA = "tamagawa-peer";

let stack;
/** Receipt numbers of the seeded inquiries, oldest first. */
const seeded = [];
let tamagawaReceipt;

/** Personal data the seeded inquiries carry; none of it may reach a log or a list. */
const names = ["さくら一号", "=HYPERLINK(\"http://evil.example\")", "みどり三号", "あおい四号"];
const emails = names.map((_, i) => `visitor${i}@example.jp`);
const messages = [
  "一行目です。\n二行目、\"引用\"もあります。",
  "+81 で始まる電話はどうなりますか",
  "三件目の質問です。",
  "四件目の質問です。",
];

async function submit(facility, group, i) {
  const res = await post(stack, "/v1/inquiries", {
    inquiry: {
      facility,
      group,
      kind: "question",
      name: names[i],
      contact: "email",
      email: emails[i],
      message: messages[i],
      consent: true,
      consent_version: "2026-04",
    },
    fill_ms: 10000,
  });
  assert.equal(res.status, 201, res.text);
  return res.json.receipt_id;
}

/** A staff request; `token: null` sends no Authorization header. */
async function staff(path, { token = HIDAMARI_TOKEN, method = "GET", headers = {} } = {}) {
  const h = { ...headers };
  if (token !== null) h.authorization = `Bearer ${token}`;
  const res = await fetch(`${stack.workerOrigin}/v1/staff/${path}`, { method, headers: h });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

before(async () => {
  stack = await startStack();
  // One at a time, so their receipt times are ordered.
  for (let i = 0; i < names.length; i += 1) seeded.push(await submit(HIDAMARI, "hidamari-walking", i));
  tamagawaReceipt = await submit(TAMAGAWA, "tamagawa-peer-soudan", 0);
});
after(async () => {
  await stack?.stop();
});

describe("listing", () => {
  test("pages run newest first with a cursor, and hold no personal data", async () => {
    const first = await staff(`${HIDAMARI}/inquiries?limit=3`);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers.get("cache-control"), "no-store");
    assert.equal(first.json.inquiries.length, 3);
    assert.ok(first.json.cursor, "a cursor to the next page");
    const second = await staff(`${HIDAMARI}/inquiries?limit=3&cursor=${encodeURIComponent(first.json.cursor)}`);
    assert.equal(second.status, 200, second.text);
    assert.equal(second.json.cursor, undefined, "the last page has no cursor");
    const all = [...first.json.inquiries, ...second.json.inquiries];
    const listed = all.map((s) => s.receipt_id);
    // Every seeded inquiry once, and only this facility's.
    assert.deepEqual([...listed].sort(), [...seeded].sort());
    const times = all.map((s) => Date.parse(s.received_at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), "newest first");
    assert.deepEqual(Object.keys(all[0]).sort(), ["group", "kind", "receipt_id", "received_at", "status"]);
    assert.equal(all[0].group, "hidamari-walking");
    for (const secret of [...names, ...emails]) {
      assert.ok(!first.text.includes(secret) && !second.text.includes(secret), `${secret} listed`);
    }
  });

  test("a bad limit or cursor is a 400 invalid_query", async () => {
    for (const query of ["limit=0", "limit=ten", "cursor=nonsense", "cursor=1-..%2F..%2Fx"]) {
      const res = await staff(`${HIDAMARI}/inquiries?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.json.code, "invalid_query", query);
    }
  });

  test("no CORS grant, even for an origin a facility allows", async () => {
    const res = await staff(`${HIDAMARI}/inquiries`, { headers: { origin: stack.demoOrigin } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
  });
});

describe("one inquiry", () => {
  test("reads back as stored, with its mail status", async () => {
    const res = await staff(`${HIDAMARI}/inquiries/${seeded[0]}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.receipt_id, seeded[0]);
    assert.equal(res.json.status, "open");
    assert.equal(res.json.inquiry.name, names[0]);
    assert.equal(res.json.inquiry.email, emails[0]);
    assert.equal(res.json.inquiry.message, messages[0]);
    assert.equal(res.json.inquiry.consent_version, "2026-04");
    assert.ok(["pending", "delivered"].includes(res.json.mail.state), res.text);
    assert.equal(typeof res.json.mail.attempts, "number");
  });

  test("marking handled stores status and time, and a second mark changes nothing", async () => {
    const res = await staff(`${HIDAMARI}/inquiries/${seeded[1]}/handled`, { method: "POST" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, "handled");
    assert.ok(Date.parse(res.json.handled_at) > Date.parse(res.json.received_at));
    const again = await staff(`${HIDAMARI}/inquiries/${seeded[1]}/handled`, { method: "POST" });
    assert.equal(again.json.handled_at, res.json.handled_at);
    const read = await staff(`${HIDAMARI}/inquiries/${seeded[1]}`);
    assert.equal(read.json.status, "handled");
    assert.equal(read.json.inquiry.message, messages[1], "the record is otherwise unchanged");
    // The list reads metadata only: it was rewritten with the record.
    const list = await staff(`${HIDAMARI}/inquiries`);
    const line = list.json.inquiries.find((s) => s.receipt_id === seeded[1]);
    assert.equal(line.status, "handled");
    const stored = JSON.parse((await stack.kv("INQUIRIES"))[`inquiry/v1/${HIDAMARI}/${seeded[1]}`]);
    assert.equal(stored.status, "handled");
  });
});

describe("CSV export", () => {
  test("every inquiry, UTF-8 with BOM, CRLF, quoted and formula-guarded", async () => {
    // Named by the Tokyo date (staff exporting at 08:00 in Japan want that day, not the UTC
    // one); taken before and after the request, which may straddle midnight.
    const tokyoDay = () => tokyoClock().toISOString().slice(0, 10).replaceAll("-", "");
    const before = tokyoDay();
    const res = await fetch(`${stack.workerOrigin}/v1/staff/${HIDAMARI}/inquiries.csv`, {
      headers: { authorization: `Bearer ${HIDAMARI_TOKEN}` },
    });
    const names = [before, tokyoDay()].map((day) => `attachment; filename="inquiries-hidamari-noborito-${day}.csv"`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.ok(names.includes(res.headers.get("content-disposition")), res.headers.get("content-disposition"));
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "BOM");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const header = text.slice(0, text.indexOf("\r\n")).split(",");
    assert.deepEqual(header.slice(0, 4), ["受付番号", "受付日時", "対応状況", "対応日時"]);
    assert.ok(header.includes("メール送信状況"), header.join(","));
    assert.ok(text.endsWith("\r\n"));
    for (const receipt of seeded) assert.ok(text.includes(`\r\n${receipt},`), receipt);
    assert.ok(!text.includes(tamagawaReceipt), "another facility's inquiry exported");
    // The multi-line message is one quoted cell with its quotes doubled.
    assert.ok(text.includes('"一行目です。\n二行目、""引用""もあります。"'), text);
    // Cells that Excel would run as formulas start with an apostrophe.
    assert.ok(text.includes('"\'=HYPERLINK(""http://evil.example"")"'), text);
    assert.ok(text.includes(",'+81 で始まる電話はどうなりますか,"), text);
    assert.ok(!/(^|,)[=+@-]/m.test(text.replaceAll('"', "")), "an unguarded formula cell");
    const handledRow = text.split("\r\n").find((line) => line.startsWith(`${seeded[1]},`));
    assert.match(handledRow, /,対応済み,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);
  });
});

describe("deleting (a data-subject request)", () => {
  test("removes the inquiry, its outbox entry and its mail record", async () => {
    const receipt = seeded[3];
    const res = await staff(`${HIDAMARI}/inquiries/${receipt}`, { method: "DELETE" });
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, "");
    const read = await staff(`${HIDAMARI}/inquiries/${receipt}`);
    assert.equal(read.status, 404);
    assert.equal(read.json.code, "unknown_inquiry");
    const keys = Object.keys(await stack.kv("INQUIRIES"));
    assert.deepEqual(keys.filter((k) => k.includes(receipt)), [], "something of it is left in KV");
    const list = await staff(`${HIDAMARI}/inquiries`);
    assert.ok(!list.json.inquiries.some((s) => s.receipt_id === receipt));
    const again = await staff(`${HIDAMARI}/inquiries/${receipt}`, { method: "DELETE" });
    assert.equal(again.status, 404);
  });
});

test("the worker's logs hold no token and no personal data", async () => {
  await assertLogsHoldNoPersonalData(stack, { name: names, email: emails, text: messages, secret: [HIDAMARI_TOKEN] }, { until: /marked handled/ });
});
