// The staff API in real workerd: inquiries seeded through the real POST /v1/inquiries, then
// listed, read, marked handled, exported and deleted with a facility's bearer token.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, post, startStack } from "./support/stack.mjs";

const HIDAMARI = "hidamari-noborito";
const HIDAMARI_TOKEN = "demo-hidamari-staff-token";
// A second facility with a token of its own, configured in this test's own data folder.
const TAMAGAWA = "tamagawa-peer";
const TAMAGAWA_TOKEN = "tamagawa-staff-token-for-the-tests";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

let stack;
let dataDir;
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
  dataDir = mkdtempSync(join(tmpdir(), "tsunagu-staff-data-"));
  cpSync(join(ROOT, "demo/data"), dataDir, { recursive: true });
  const facilities = JSON.parse(readFileSync(join(dataDir, "facilities.json"), "utf8"));
  facilities.find((f) => f.id === TAMAGAWA).staff_token_sha256 = sha256(TAMAGAWA_TOKEN);
  writeFileSync(join(dataDir, "facilities.json"), JSON.stringify(facilities));
  stack = await startStack({ dataDir });
  // One at a time, so their receipt times are ordered.
  for (let i = 0; i < names.length; i += 1) seeded.push(await submit(HIDAMARI, "hidamari-walking", i));
  tamagawaReceipt = await submit(TAMAGAWA, "tamagawa-peer-soudan", 0);
});
after(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
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

  test("unknown, malformed and traversing receipt numbers are 404s", async () => {
    for (const id of ["ZZZZZZZZ", "7kq2m9xd", "..%2F..%2Fdirectory", "..%2F" + seeded[0]]) {
      for (const [method, suffix] of [["GET", ""], ["DELETE", ""], ["POST", "/handled"]]) {
        const res = await staff(`${HIDAMARI}/inquiries/${id}${suffix}`, { method });
        assert.equal(res.status, 404, `${method} ${id}`);
        assert.equal(res.json.code, "unknown_inquiry", `${method} ${id}`);
      }
    }
    for (const facility of ["..%2Fhidamari-noborito", "nowhere", "HIDAMARI-NOBORITO"]) {
      const res = await staff(`${facility}/inquiries`);
      assert.equal(res.status, 404, facility);
      assert.equal(res.json.code, "unknown_facility", facility);
    }
  });
});

describe("CSV export", () => {
  test("every inquiry, UTF-8 with BOM, CRLF, quoted and formula-guarded", async () => {
    const res = await fetch(`${stack.workerOrigin}/v1/staff/${HIDAMARI}/inquiries.csv`, {
      headers: { authorization: `Bearer ${HIDAMARI_TOKEN}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(res.headers.get("content-disposition"), /^attachment; filename="inquiries-hidamari-noborito-\d{8}\.csv"$/);
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

describe("authentication", () => {
  const routes = () => [
    ["GET", `${HIDAMARI}/inquiries`],
    ["GET", `${HIDAMARI}/inquiries.csv`],
    ["GET", `${HIDAMARI}/inquiries/${seeded[0]}`],
    ["POST", `${HIDAMARI}/inquiries/${seeded[0]}/handled`],
    ["DELETE", `${HIDAMARI}/inquiries/${seeded[0]}`],
  ];

  test("no token, a malformed header or a wrong token is a 401 with WWW-Authenticate", async () => {
    for (const [method, path] of routes()) {
      for (const headers of [
        {},
        { authorization: "Basic ZGVtbzp4" },
        { authorization: "Bearer" },
        { authorization: `Bearer ${HIDAMARI_TOKEN}x` },
        { authorization: `Bearer ${sha256(HIDAMARI_TOKEN)}` },
      ]) {
        const res = await staff(path, { method, token: null, headers });
        assert.equal(res.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(res.json.code, "unauthorized");
        assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
      }
    }
  });

  test("another facility's token is a 403 on every route, and changes nothing", async () => {
    for (const [method, path] of routes()) {
      const res = await staff(path, { method, token: TAMAGAWA_TOKEN });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.json.code, "forbidden");
      for (const secret of [...names, ...emails, seeded[1]]) {
        assert.ok(!res.text.includes(secret), `${method} ${path} leaked ${secret}`);
      }
    }
    const read = await staff(`${HIDAMARI}/inquiries/${seeded[0]}`);
    assert.equal(read.status, 200, "the DELETE with a foreign token deleted it");
    assert.equal(read.json.status, "open", "the POST with a foreign token marked it");
    // And the other way round.
    for (const path of [`${TAMAGAWA}/inquiries`, `${TAMAGAWA}/inquiries/${tamagawaReceipt}`]) {
      const res = await staff(path);
      assert.equal(res.status, 403, path);
    }
    const own = await staff(`${TAMAGAWA}/inquiries/${tamagawaReceipt}`, { token: TAMAGAWA_TOKEN });
    assert.equal(own.status, 200);
    // A receipt of one facility is not found under another, even with that one's token.
    const cross = await staff(`${HIDAMARI}/inquiries/${tamagawaReceipt}`);
    assert.equal(cross.status, 404);
  });

  test("a facility without a token has no staff API", async () => {
    const res = await staff("yasumiba-online/inquiries");
    assert.equal(res.status, 404);
    assert.equal(res.json.code, "staff_api_disabled");
  });
});

test("the worker's logs hold no token and no personal data", async () => {
  const log = stack.logLines().join("\n");
  assert.match(log, /marked handled/, "the worker's log was captured");
  for (const secret of [HIDAMARI_TOKEN, TAMAGAWA_TOKEN, ...names, ...emails, ...messages]) {
    assert.ok(!log.includes(secret), `the log holds ${secret}`);
  }
  for (const line of messages.flatMap((m) => m.split("\n"))) assert.ok(!log.includes(line), line);
});
