// The attack corpus, worker side (issue 6), table-driven, in real workerd: header injection in
// every field that reaches mail, markup where mail is read, hostile bodies (oversized, nested,
// wrong types, broken UTF-8, not JSON), forged origins, bad bearer tokens on every staff route
// and method, replayed idempotency keys with changed bodies, traversal in every identifier.
//
// A refused request must answer its documented status and stable code, store nothing
// (INQUIRIES is compared whole: inquiries, outbox, mail records, idempotency records and
// auto-reply claims), send no mail through either provider, and leak nothing: the answer echoes
// none of what was sent and no internal detail. A request that is accepted must deliver mail
// whose header block is exactly tsunagu's. Mail is text only (text/plain, base64; the HTTP
// provider gets `text` and no `html`), so markup sent in a field is shown to staff as text and
// never rendered: that is asserted on every stored case. The widget's side of markup is
// tests/attacks.test.mjs. The last test reads every line the worker logged during this file.
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { startStackWithMailApi } from "./support/mail-api.mjs";
import { assertLogsHoldNoPersonalData } from "./support/privacy.mjs";
import { nextMeetings } from "./support/schedule.mjs";
import { post, request } from "./support/stack.mjs";

const HIDAMARI = "hidamari-noborito"; // mail through the binding (.eml), auto-reply, staff token
const HIDAMARI_TOKEN = "demo-hidamari-staff-token";
const HIDAMARI_SITE = "https://hidamari.example.jp"; // an origin only hidamari allows
const TAMAGAWA = "tamagawa-peer"; // a second facility with a staff token of its own
const TAMAGAWA_TOKEN = "tamagawa-staff-token-for-the-corpus";
const YASUMIBA = "yasumiba-online"; // mail through the HTTP API; no staff token
const EVIL = "evil@attacker.example";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

let run;
let stack;
let api;

before(async () => {
  run = await startStackWithMailApi({
    edit: (byId) => {
      byId[TAMAGAWA].staff_token_sha256 = sha256(TAMAGAWA_TOKEN);
      byId[HIDAMARI].allowed_origins.push(HIDAMARI_SITE);
      byId[YASUMIBA].mail_provider = "http";
    },
  });
  ({ stack, api } = run);
});
after(() => run?.stop());

// Every inquiry counts against a rate limit bucket per client address (Miniflare keeps the
// CF-Connecting-IP a client sends): each request comes from an address of its own.
let clients = 0;
const nextClient = () => `10.${(++clients >> 8) & 255}.${clients & 255}.7`;

/** A submission as the widget posts it; `inquiry` patches the inquiry, `extra` the envelope. */
const submission = (inquiry = {}, extra = {}) => ({
  inquiry: {
    facility: HIDAMARI,
    group: "hidamari-walking",
    kind: "question",
    name: "コーパス 花子",
    email: "corpus.hanako@example.jp",
    message: "攻撃コーパスの基準になる問い合わせです。",
    consent: true,
    consent_version: "2026-04",
    ...inquiry,
  },
  website: "",
  fill_ms: 9000,
  ...extra,
});

/** POSTs to /v1/inquiries from a fresh client address (`post`'s options otherwise). */
const send = (body, { headers = {}, ...options } = {}) =>
  post(stack, "/v1/inquiries", body, { ...options, headers: { "cf-connecting-ip": nextClient(), ...headers } });

/** Everything a request could change: every INQUIRIES entry (value, metadata, expiration),
 *  mail through either provider. */
const state = async () => ({
  keys: await stack.kvKeys("INQUIRIES"),
  values: await stack.kv("INQUIRIES"),
  mails: stack.mailCount(),
  api: api.requests.length,
});

// What an answer must never carry: where the worker keeps things, how it failed inside, whom
// it mails, and the staff tokens.
const INTERNALS = [/inquiry\/v1|outbox\/v1|mail\/v1|idem\/v1|autoreply\/v1/, /panicked|RuntimeError|unreachable|\.rs:\d/i];
const NEVER_ECHOED = ["@hidamari.example.jp", "@tamagawa.example.jp", "@yasumiba.example.jp", HIDAMARI_TOKEN, TAMAGAWA_TOKEN];

/** Asserts the answer leaks nothing: none of `echo` (what the request carried), no internal
 *  detail, no staff address or token. */
function assertNoLeak(res, echo = []) {
  for (const pattern of INTERNALS) assert.doesNotMatch(res.text, pattern);
  for (const text of [...NEVER_ECHOED, ...echo]) {
    assert.ok(!res.text.includes(text), `the answer echoes ${JSON.stringify(text)}: ${res.text.slice(0, 300)}`);
  }
}

/** Runs `fn`, asserts it answered `status` with `code` (a JSON error with a message), changed
 *  nothing and leaked nothing of `echo`. `what` names the case in failures. */
async function refused(what, fn, status, code, { echo = [] } = {}) {
  const before = await state();
  const res = await fn();
  assert.equal(res.status, status, `${what}: ${res.text.slice(0, 300)}`);
  assert.equal(res.json?.code, code, `${what}: ${res.text.slice(0, 300)}`);
  assert.equal(typeof res.json.message, "string", what);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/, what);
  assert.deepEqual(await state(), before, `${what}: stored or mailed something`);
  assertNoLeak(res, echo);
  return res;
}

/** The words of a JSON value long enough that finding one in an answer means it was echoed
 *  (a short one could be part of "line 1 column 42"). */
const echoesOf = (value) => (JSON.stringify(value) ?? "").split(/[^\p{L}\p{N}@.]+/u).filter((word) => word.length >= 5);

// Personal data this file sends, for the log check at the end.
const personal = { email: [], phone: [], name: [], text: [], secret: [HIDAMARI_TOKEN, TAMAGAWA_TOKEN] };

describe("header injection in every field that reaches mail", () => {
  // Real line breaks and what some software takes for one.
  const BREAKS = [
    ["CRLF", `\r\nBcc: ${EVIL}`, "line"],
    ["CR", `\rBcc: ${EVIL}`, "line"],
    ["LF", `\nBcc: ${EVIL}`, "line"],
    ["an empty line, then headers", `\r\n\r\nSubject: hacked\r\nBcc: ${EVIL}`, "line"],
    ["U+2028 LINE SEPARATOR", `\u2028Bcc: ${EVIL}`, "separator"],
    ["U+2029 PARAGRAPH SEPARATOR", `\u2029Bcc: ${EVIL}`, "separator"],
    ["U+0085 NEXT LINE", `\u0085Bcc: ${EVIL}`, "control"],
    ["vertical tab", `\u000bBcc: ${EVIL}`, "control"],
    ["form feed", `\u000cBcc: ${EVIL}`, "control"],
    ["NUL", `\u0000Bcc: ${EVIL}`, "control"],
  ];
  // Line breaks spelled in an encoding: plain text to tsunagu, which decodes none of them.
  const ENCODED = [
    ["percent-encoded", `%0D%0ABcc: ${EVIL}`, "encoded"],
    ["quoted-printable", `=0D=0ABcc: ${EVIL}`, "encoded"],
    ["an RFC 2047 Q word", `=?UTF-8?Q?=0D=0ABcc:_${EVIL}?=`, "encoded"],
    // "\r\nBcc: e@x.jp" in base64: a legal local part of an address, were it not refused.
    ["an RFC 2047 B word", "=?UTF-8?B?DQpCY2M6IGVAeC5qcA==?=", "encoded"],
    ["HTML entities", `&#13;&#10;Bcc: ${EVIL}`, "encoded"],
    ["backslash escapes", `\\r\\nBcc: ${EVIL}`, "encoded"],
    ["a bare header", `Bcc: ${EVIL}`, "encoded"],
  ];
  const PAYLOADS = [...BREAKS, ...ENCODED];

  // An address takes no control character and nothing but a dot-atom; a text of several lines
  // (message, postal address) takes line breaks and the separators, not other controls.
  const emailOutcome = (kind) => (["line", "control"].includes(kind) ? "control_characters" : "email_invalid");
  const textOutcome = (kind) => (kind === "control" ? "control_characters" : "stored");
  // Per field: how a payload is put in, and what becomes of it by its kind. A string outcome is
  // the 422 field code; 400 is invalid_json (the field does not decode); "stored" means
  // accepted, and then the mail is checked.
  const FIELDS = [
    ["name", (p) => ({ name: `コーパス${p}` }), (k) => (k === "encoded" ? "stored" : "control_characters")],
    ["furigana", (p) => ({ furigana: `こーぱす${p}` }), (k) => (k === "encoded" ? "not_kana" : "control_characters")],
    ["email (in the local part)", (p) => ({ email: `visitor${p}@example.jp` }), (k) => emailOutcome(k)],
    ["email (after the address)", (p) => ({ email: `visitor@example.jp${p}` }), (k) => emailOutcome(k)],
    ["phone", (p) => ({ contact: "phone", phone: `090-1234-5678${p}` }), () => "phone_invalid"],
    ["postal address", (p) => ({ kind: "materials", postal_address: `〒214-0014 川崎市${p}` }), (k) => textOutcome(k)],
    ["message", (p) => ({ message: `こんにちは${p}` }), (k) => textOutcome(k)],
    ["consent version", (p) => ({ consent_version: `2026-04${p}` }), () => "consent_outdated"],
    ["kind", (p) => ({ kind: `question${p}` }), () => 400],
    ["asker", (p) => ({ asker: `family${p}` }), () => 400],
    ["contact", (p) => ({ contact: `email${p}` }), () => 400],
    ["group id", (p) => ({ group: `hidamari-walking${p}` }), () => 400],
    ["facility id", (p) => ({ facility: `${HIDAMARI}${p}` }), () => 400],
    ["preferred date", (p) => ({ kind: "visit", preferred: [{ date: `2026-12-07${p}`, start: "13:30" }] }), () => 400],
    ["preferred start", (p) => ({ kind: "visit", preferred: [{ date: "2026-12-07", start: `13:30${p}` }] }), () => 400],
  ];
  const FIELD_FOR_CODE = {
    "email (in the local part)": "email",
    "email (after the address)": "email",
    "postal address": "postal_address",
    "consent version": "consent",
  };

  /** Cases accepted and stored, checked in the mail below: [what, receipt, field, value]. */
  const stored = [];

  for (const [field, patch, outcome] of FIELDS) {
    test(`${field}: refused with its code, or stored and mailed as text`, async () => {
      for (const [name, payload, kind] of PAYLOADS) {
        const what = `${field} with ${name}`;
        const expected = outcome(kind);
        const body = submission(patch(payload));
        if (expected === "stored") {
          const res = await send(body, { headers: { "idempotency-key": randomUUID() } });
          assert.equal(res.status, 201, `${what}: ${res.text}`);
          const key = Object.keys(patch(payload)).find((k) => k !== "kind");
          stored.push([what, res.json.receipt_id, key, body.inquiry[key]]);
          personal[key === "name" ? "name" : "text"].push(body.inquiry[key]);
        } else if (expected === 400) {
          await refused(what, () => send(body), 400, "invalid_json", { echo: [EVIL, "Bcc", "=0D=0A", "DQpCY2M6"] });
        } else {
          const res = await refused(what, () => send(body), 422, "validation_failed", { echo: [EVIL, "Bcc", "=0D=0A", "DQpCY2M6"] });
          const name = FIELD_FOR_CODE[field] ?? field;
          assert.deepEqual(res.json.fields, [{ field: name, code: expected }], `${what}: ${res.text}`);
        }
      }
    });
  }

  const STAFF_HEADERS = [
    ...["from", "to", "reply-to", "subject", "date", "message-id"],
    ...["mime-version", "content-type", "content-transfer-encoding", "auto-submitted", "x-tsunagu-receipt"],
  ];

  /** Asserts a delivered .eml has tsunagu's header block and nothing else. */
  function assertHeaderBlockIntact(mail, what) {
    const head = mail.raw.slice(0, mail.raw.indexOf("\r\n\r\n"));
    assert.ok(!head.replaceAll("\r\n", "").match(/[\r\n]/), `${what}: a bare CR or LF in the header block`);
    for (const line of head.split("\r\n")) assert.match(line, /^([A-Za-z-]+: \S| \S)/, `${what}: ${JSON.stringify(line)}`);
    const autoReply = mail.parsed.headers.some((h) => h.key === "auto-submitted" && h.value === "auto-replied");
    const expected = autoReply ? STAFF_HEADERS.filter((h) => h !== "reply-to") : STAFF_HEADERS;
    assert.deepEqual(mail.parsed.headers.map((h) => h.key), expected, what);
    assert.equal(mail.parsed.bcc, undefined, what);
    assert.equal(mail.parsed.cc, undefined, what);
    assert.deepEqual(
      mail.parsed.to.map((a) => [a.address, a.name]),
      [[autoReply ? "corpus.hanako@example.jp" : "staff@hidamari.example.jp", ""]],
      what,
    );
    if (!autoReply) assert.deepEqual(mail.parsed.replyTo.map((a) => [a.address, a.name]), [["corpus.hanako@example.jp", ""]], what);
    assert.doesNotMatch(mail.parsed.subject, /[\r\n\u2028\u2029\u0085]|Bcc|hacked/, what);
    // Text only: no HTML part, nothing to render.
    assert.match(mail.raw, /^Content-Type: text\/plain; charset=UTF-8\r$/m, what);
    assert.equal(mail.parsed.html, undefined, what);
    assert.deepEqual(mail.parsed.attachments, [], what);
    for (const part of ["attacker", "=0D=0A", "DQpCY2M6"]) assert.ok(!head.includes(part), `${what}: ${part} in the header block`);
  }

  test("every stored case: the mail's header block is exactly tsunagu's, the value is in the text body", async () => {
    // name: the 7 encoded payloads; postal address and message: all but the 4 other controls.
    assert.equal(stored.length, 7 + 13 + 13);
    const mails = await stack.mails();
    const inquiries = await stack.kv("INQUIRIES");
    for (const [what, receipt, key] of stored) {
      const own = mails.filter((m) => m.parsed.headers.some((h) => h.key === "x-tsunagu-receipt" && h.value === receipt));
      assert.ok(own.length >= 1, `${what}: no mail`);
      for (const mail of own) assertHeaderBlockIntact(mail, what);
      // The value as stored (normalised: trimmed) is in the staff mail's text, line breaks and all.
      const value = JSON.parse(inquiries[`inquiry/v1/${HIDAMARI}/${receipt}`]).inquiry[key];
      const staffMail = own.find((m) => m.parsed.to[0].address === "staff@hidamari.example.jp");
      for (const line of value.split(/\r\n|\r|\n/)) {
        assert.ok(staffMail.parsed.text.includes(line.trim()), `${what}: ${JSON.stringify(line)} not in the text`);
      }
    }
    // One auto-reply to the one visitor address, however many inquiries it sent.
    assert.equal(mails.filter((m) => m.parsed.to[0].address === "corpus.hanako@example.jp").length, 1);
  });

  test("through the HTTP mail API: exactly tsunagu's fields and headers, no html, no line break in any header", async () => {
    const before = api.requests.length;
    const cases = [
      ["name", (p) => ({ name: `コーパス${p}` })],
      ["postal address", (p) => ({ kind: "materials", postal_address: `〒214-0014 川崎市${p}` })],
      ["message", (p) => ({ message: `こんにちは${p}` })],
    ];
    let sent = 0;
    for (const [field, patch] of cases) {
      for (const [name, payload] of [...ENCODED, ...BREAKS.filter(([, , kind]) => kind !== "control")]) {
        if (field === "name" && !ENCODED.some(([n]) => n === name)) continue; // refused above
        const res = await send(submission({ facility: YASUMIBA, group: "yasumiba-freespace", ...patch(payload) }));
        assert.equal(res.status, 201, `${field} with ${name}: ${res.text}`);
        sent += 1;
      }
    }
    const requests = api.requests.slice(before);
    assert.equal(sent, 7 + 13 + 13);
    assert.equal(requests.length, sent);
    for (const { json, status } of requests) {
      assert.equal(status, 202);
      assert.deepEqual(Object.keys(json).sort(), ["from", "headers", "reply_to", "subject", "text", "to"]);
      assert.deepEqual(json.to, ["soudan@yasumiba.example.jp"]);
      assert.equal(json.reply_to, "corpus.hanako@example.jp");
      assert.deepEqual(Object.keys(json.headers).sort(), ["Auto-Submitted", "Message-ID", "X-Tsunagu-Receipt"]);
      for (const value of [json.from, json.subject, json.reply_to, ...Object.values(json.headers)]) {
        assert.doesNotMatch(value, /[\r\n\u2028\u2029\u0085]|Bcc|attacker/);
      }
    }
  });

  test("markup in every stored field reaches staff as text: text/plain mail, the staff API's JSON", async () => {
    const markup = `<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>`;
    const short = "<script>alert(1)</script>"; // a name is at most 50 characters
    const res = await send(
      submission({ kind: "materials", name: `名前${short}`, postal_address: `住所${markup}`, message: `本文${markup}` }),
    );
    assert.equal(res.status, 201, res.text);
    const receipt = res.json.receipt_id;
    personal.name.push(`名前${short}`);
    personal.text.push(`住所${markup}`, `本文${markup}`);
    const [mail] = (await stack.mails()).filter(
      (m) => m.parsed.subject.includes(receipt) && m.parsed.to[0].address === "staff@hidamari.example.jp",
    );
    assertHeaderBlockIntact(mail, "markup");
    for (const shown of [`名前${short}`, `住所${markup}`, `本文${markup}`]) assert.ok(mail.parsed.text.includes(shown), shown);
    assert.ok(!mail.raw.includes("<script>"), "the text travels base64-encoded");
    const read = await fetch(`${stack.workerOrigin}/v1/staff/${HIDAMARI}/inquiries/${receipt}`, {
      headers: { authorization: `Bearer ${HIDAMARI_TOKEN}` },
    });
    assert.match(read.headers.get("content-type"), /^application\/json/);
    assert.equal((await read.json()).inquiry.message, `本文${markup}`);
  });
});

describe("hostile bodies", () => {
  test("oversized: 413 payload_too_large, by the declared length or by what arrives", async () => {
    const valid = JSON.stringify(submission());
    const cases = [
      ["1 MiB", "x".repeat(1 << 20)],
      ["one byte over 32 KiB", valid.slice(0, -1) + " ".repeat(32 * 1024 + 1 - Buffer.byteLength(valid)) + "}"],
      ["a message of 40,000 characters", JSON.stringify(submission({ message: "長".repeat(40_000) }))],
    ];
    for (const [what, raw] of cases) await refused(what, () => send(null, { raw }), 413, "payload_too_large");
  });

  test("deeply nested: 400 invalid_json, not a crash", async () => {
    const valid = JSON.stringify(submission());
    const arrays = (n) => "[".repeat(n) + "]".repeat(n);
    const cases = [
      ["10,000 nested arrays", arrays(10_000)],
      ["10,000 nested arrays in an unknown field beside a valid inquiry", `${valid.slice(0, -1)},"junk":${arrays(10_000)}}`],
      ["5,000 nested objects in the inquiry", valid.replace('"kind"', `"junk":${'{"a":'.repeat(5000)}1${"}".repeat(5000)},"kind"`)],
      ["nine levels in the preferred meetings", valid.replace('"kind"', `"preferred":[${arrays(8)}],"kind"`)],
      ["unclosed: 10,000 opening brackets", "[".repeat(10_000)],
    ];
    for (const [what, raw] of cases) await refused(what, () => send(null, { raw }), 400, "invalid_json");
  });

  test("wrong types in every field: 400 invalid_json, the value not echoed", async () => {
    const cases = [
      ["facility", 42],
      ["facility", null],
      ["group", ["hidamari-walking"]],
      ["kind", 1],
      ["name", 1234567],
      ["name", null],
      ["name", { first: "花子さんX1" }],
      ["furigana", true],
      ["asker", 3],
      ["contact", false],
      ["email", ["corpus.hanako@example.jp", "second.wrongtype@example.jp"]],
      ["phone", 9012345678],
      ["postal_address", { zip: "2140014" }],
      ["preferred", "2026-12-07 13:30"],
      ["preferred", ["2026-12-07"]],
      ["preferred", [{ date: 20261207, start: "13:30" }]],
      ["preferred", [{ date: "2026-12-07", start: 1330 }]],
      ["message", ["本文の配列です"]],
      ["consent", "true"],
      ["consent", 1],
      ["consent", null],
      ["consent_version", 202604],
    ];
    for (const [field, value] of cases) {
      const body = submission();
      body.inquiry[field] = value;
      await refused(`inquiry.${field} = ${JSON.stringify(value)}`, () => send(body), 400, "invalid_json", { echo: echoesOf(value) });
    }
    const envelopes = [
      ["the inquiry a string", { inquiry: "こんにちは世界の皆さん" }],
      ["the inquiry an array", { inquiry: [submission().inquiry] }],
      ["the inquiry null", { inquiry: null }],
      ["no inquiry", { website: "", fill_ms: 9000 }],
      ["consent missing", (() => { const b = submission(); delete b.inquiry.consent; return b; })()],
      ["fill_ms a string", submission({}, { fill_ms: "900099" })],
      ["fill_ms negative", submission({}, { fill_ms: -900099 })],
      ["fill_ms a fraction", submission({}, { fill_ms: 9000.5 })],
      ["fill_ms past u64", submission({}, { fill_ms: 1e30 })],
      ["website a number", submission({}, { website: 77777 })],
      ["turnstile_token a number", submission({}, { turnstile_token: 5555555 })],
      ["the body an array", [submission()]],
      ["the body a string", "文字列だけの本文です"],
      ["the body null", null],
      ["a field given twice", null, `{"inquiry":${JSON.stringify(submission().inquiry)},"inquiry":{},"fill_ms":9000}`],
      ["an empty body", null, ""],
      ["not JSON", null, "name=コーパス&email=x"],
    ];
    for (const [what, body, raw] of envelopes) {
      await refused(what, () => send(body, raw === undefined ? {} : { raw }), 400, "invalid_json", {
        echo: ["900099", "77777", "5555555", "こんにちは世界", "文字列だけ"],
      });
    }
  });

  test("bytes that are not UTF-8, or not valid JSON text: 400 invalid_json", async () => {
    const valid = Buffer.from(JSON.stringify(submission()));
    const at = valid.indexOf("攻撃");
    const splice = (bytes) => Buffer.concat([valid.subarray(0, at), Buffer.from(bytes), valid.subarray(at)]);
    const cases = [
      ["0xFF in a string", splice([0xff])],
      ["a lone continuation byte", splice([0x80])],
      ["a cut multi-byte character", splice([0xe3, 0x81])],
      ["an overlong '/'", splice([0xc0, 0xaf])],
      ["an encoded surrogate", splice([0xed, 0xa0, 0x80])],
      ["0xFF outside any string", Buffer.concat([Buffer.from([0xff]), valid])],
      ["UTF-16 with a byte-order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JSON.stringify(submission()), "utf16le")])],
      ["a lone surrogate escape", Buffer.from(JSON.stringify(submission()).replace("攻撃", "\\ud800"))],
      ["a raw line break inside a string", Buffer.from(JSON.stringify(submission()).replace("攻撃", "\r\nBcc: x"))],
    ];
    for (const [what, body] of cases) {
      await refused(
        what,
        () =>
          request(stack, "POST", "/v1/inquiries", {
            headers: { "content-type": "application/json", origin: stack.demoOrigin, "cf-connecting-ip": nextClient() },
            body,
          }),
        400,
        "invalid_json",
      );
    }
  });

  test("not JSON by its content type: 415 unsupported_media_type", async () => {
    const body = JSON.stringify(submission());
    const types = [
      ...[undefined, "", "json", "text/plain", "text/json", "application/x-www-form-urlencoded"],
      ...["multipart/form-data; boundary=x", "application/json-seq", "application/jsonp"],
    ];
    for (const type of types) {
      const headers = { origin: stack.demoOrigin, "cf-connecting-ip": nextClient() };
      if (type !== undefined) headers["content-type"] = type;
      const what = `content-type ${JSON.stringify(type)}`;
      await refused(what, () => request(stack, "POST", "/v1/inquiries", { headers, body }), 415, "unsupported_media_type");
    }
  });
});

describe("origins", () => {
  test("a forged, absent or null Origin is 403 origin_not_allowed, with no CORS grant", async () => {
    const demo = stack.demoOrigin;
    const cases = [
      ["a foreign origin", "https://evil.example"],
      ["no Origin", null],
      ["the opaque origin null", "null"],
      ["an empty Origin", ""],
      ["an origin only another facility allows", HIDAMARI_SITE, { facility: "naniwa-recovery", group: "naniwa-open-en" }],
      ["the allowed origin with a path", `${demo}/`],
      ["the allowed origin in capitals", demo.toUpperCase()],
      ["the allowed origin on another port", demo.replace(/:\d+$/, ":1")],
      ["the allowed origin as a prefix", `${demo}.evil.example`],
      ["the allowed origin over https", demo.replace("http:", "https:")],
    ];
    for (const [what, origin, patch] of cases) {
      const res = await refused(what, () => send(submission(patch), { origin }), 403, "origin_not_allowed");
      // CORS is granted to an origin any facility allows (a preflight cannot know which
      // facility the inquiry is for), so that page may read this refusal; no other may.
      const granted = origin === HIDAMARI_SITE ? HIDAMARI_SITE : null;
      assert.equal(res.headers.get("access-control-allow-origin"), granted, what);
    }
  });

  test("preflights from such origins are 403; public reads are answered to every origin", async () => {
    for (const origin of ["https://evil.example", "null", HIDAMARI_SITE.replace("hidamari", "hidamari-x")]) {
      const preflight = await request(stack, "OPTIONS", "/v1/inquiries", {
        headers: { origin, "access-control-request-method": "POST" },
      });
      assert.equal(preflight.status, 403, origin);
      assert.equal(preflight.json.code, "origin_not_allowed");
      assert.equal(preflight.headers.get("access-control-allow-origin"), null);
      for (const path of ["/v1/groups", `/v1/form?facility=${HIDAMARI}`]) {
        const read = await request(stack, "GET", path, { headers: { origin } });
        assert.equal(read.status, 200, `${origin} ${path}`);
        assert.equal(read.headers.get("access-control-allow-origin"), "*", `${origin} ${path}`);
      }
    }
  });
});

describe("the staff API", () => {
  /** Receipt numbers seeded at hidamari (and one at tamagawa) through the real intake. */
  const seeded = [];
  let tamagawaReceipt;
  /** What the seeded inquiries hold, which no refused answer may show. */
  const held = [];
  const seed = async (facility, group, i) => {
    const inquiry = {
      facility,
      group,
      name: `スタッフ確認 ${i}号`,
      email: `staff.check${i}@example.jp`,
      message: `スタッフAPIの確認用 ${i}`,
    };
    personal.name.push(inquiry.name);
    personal.email.push(inquiry.email);
    personal.text.push(inquiry.message);
    held.push(inquiry.name, inquiry.email, inquiry.message);
    const res = await send(submission(inquiry));
    assert.equal(res.status, 201, res.text);
    return res.json.receipt_id;
  };
  before(async () => {
    for (let i = 0; i < 2; i += 1) seeded.push(await seed(HIDAMARI, "hidamari-walking", i));
    tamagawaReceipt = await seed(TAMAGAWA, "tamagawa-peer-soudan", 2);
  });

  /** The five staff routes of a facility, about one receipt number, as [method, path]. */
  const routesOf = (facility, receipt) => [
    ["GET", `/v1/staff/${facility}/inquiries`],
    ["GET", `/v1/staff/${facility}/inquiries.csv`],
    ["GET", `/v1/staff/${facility}/inquiries/${receipt}`],
    ["POST", `/v1/staff/${facility}/inquiries/${receipt}/handled`],
    ["DELETE", `/v1/staff/${facility}/inquiries/${receipt}`],
  ];
  const routes = () => routesOf(HIDAMARI, seeded[0]);
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  // The answer to a request about seeded[0] may name no other inquiry and nothing they hold.
  const leaks = () => [...held, ...seeded.slice(1), tamagawaReceipt];

  test("missing, malformed and wrong tokens: 401 unauthorized with WWW-Authenticate, on every route", async () => {
    const authorizations = [
      ["no Authorization", undefined],
      ["an empty Authorization", ""],
      ["Bearer alone", "Bearer"],
      ["Bearer and a space", "Bearer "],
      ["Basic credentials", "Basic ZGVtbzp4"],
      ["the token as Basic", `Basic ${Buffer.from(`${HIDAMARI_TOKEN}:`).toString("base64")}`],
      ["the token without a scheme", HIDAMARI_TOKEN],
      ["the token with another scheme", `Token ${HIDAMARI_TOKEN}`],
      ["the token and more", `Bearer ${HIDAMARI_TOKEN} x`],
      ["two tokens", `Bearer ${HIDAMARI_TOKEN}, Bearer ${HIDAMARI_TOKEN}`],
      ["the token with one more character", `Bearer ${HIDAMARI_TOKEN}x`],
      ["the token less its last character", `Bearer ${HIDAMARI_TOKEN.slice(0, -1)}`],
      ["the token's hash", `Bearer ${sha256(HIDAMARI_TOKEN)}`],
      ["the token in capitals", `Bearer ${HIDAMARI_TOKEN.toUpperCase()}`],
      ["a token past 512 characters", `Bearer ${"a".repeat(600)}`],
      ["a 4 KiB token", `Bearer ${"t".repeat(4096)}`],
      ["a token with quotes", `Bearer "${HIDAMARI_TOKEN}"`],
      ["a percent-encoded token", `Bearer ${encodeURIComponent(`${HIDAMARI_TOKEN}/`)}`],
    ];
    for (const [method, path] of routes()) {
      for (const [what, authorization] of authorizations) {
        const headers = authorization === undefined ? {} : { authorization };
        const res = await refused(`${method} ${path} with ${what}`, () => request(stack, method, path, { headers }), 401, "unauthorized", {
          echo: leaks(),
        });
        assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
        assert.equal(res.headers.get("cache-control"), "no-store");
      }
    }
  });

  test("another facility's token: 403 forbidden on every route, both ways; nothing shown or changed", async () => {
    for (const [method, path] of routes()) {
      const headers = bearer(TAMAGAWA_TOKEN);
      await refused(`${method} ${path}`, () => request(stack, method, path, { headers }), 403, "forbidden", { echo: leaks() });
    }
    for (const [method, path] of routesOf(TAMAGAWA, tamagawaReceipt)) {
      const headers = bearer(HIDAMARI_TOKEN);
      await refused(`${method} ${path}`, () => request(stack, method, path, { headers }), 403, "forbidden", { echo: [...held, ...seeded] });
    }
    // Each token still opens its own facility's API.
    const path = `/v1/staff/${TAMAGAWA}/inquiries/${tamagawaReceipt}`;
    const own = await request(stack, "GET", path, { headers: bearer(TAMAGAWA_TOKEN) });
    assert.equal(own.status, 200, own.text);
  });

  test("every other method on every route: 405 method_not_allowed with Allow, whatever the token", async () => {
    const allowed = { inquiries: ["GET"], "inquiries.csv": ["GET"], receipt: ["GET", "DELETE"], handled: ["POST"] };
    let cases = 0;
    const paths = [
      ["inquiries", `/v1/staff/${HIDAMARI}/inquiries`],
      ["inquiries.csv", `/v1/staff/${HIDAMARI}/inquiries.csv`],
      ["receipt", `/v1/staff/${HIDAMARI}/inquiries/${seeded[0]}`],
      ["handled", `/v1/staff/${HIDAMARI}/inquiries/${seeded[0]}/handled`],
    ];
    for (const [route, path] of paths) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
        if (allowed[route].includes(method)) continue;
        for (const token of [null, HIDAMARI_TOKEN, TAMAGAWA_TOKEN]) {
          const headers = token ? bearer(token) : {};
          const what = `${method} ${path} (${token ?? "no token"})`;
          const res = await refused(what, () => request(stack, method, path, { headers }), 405, "method_not_allowed", { echo: leaks() });
          assert.equal(res.headers.get("allow"), allowed[route].join(", "));
          cases += 1;
        }
      }
    }
    assert.equal(cases, 57);
  });

  test("a facility without a token or unknown: 404, whatever the token", async () => {
    for (const headers of [{}, bearer(HIDAMARI_TOKEN), bearer(TAMAGAWA_TOKEN)]) {
      for (const [facility, code] of [[YASUMIBA, "staff_api_disabled"], ["nowhere-at-all", "unknown_facility"]]) {
        for (const [method, path] of routesOf(facility, seeded[0])) {
          await refused(`${method} ${path}`, () => request(stack, method, path, { headers }), 404, code, { echo: leaks() });
        }
      }
    }
  });

  test("traversal and odd identifiers in every position: 404, nothing read or changed", async () => {
    const auth = bearer(HIDAMARI_TOKEN);
    // The receipt number's position, on all three routes that take one. The URL parser
    // resolves `..` and `%2e%2e` before the worker sees the path, so those reach no route at
    // all (404 not_found); everything else is a segment that is no receipt number of this
    // facility (404 unknown_inquiry).
    const fullWidth = (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0);
    const ids = [
      ["..", "not_found"],
      ["%2e%2e", "not_found"],
      ["%2E%2E", "not_found"],
      ["..%2F..%2Fdirectory", "unknown_inquiry"],
      ["%2e%2e%2f%2e%2e%2ffacilities", "unknown_inquiry"],
      ["..%5C..%5Cdirectory", "unknown_inquiry"],
      ["%2F", "unknown_inquiry"],
      ["%00", "unknown_inquiry"],
      [`${seeded[1]}%00`, "unknown_inquiry"],
      [`${seeded[1]}%0D%0A`, "unknown_inquiry"],
      [`${seeded[1]};`, "unknown_inquiry"],
      [`${seeded[1]}%20`, "unknown_inquiry"],
      [`%20${seeded[1]}`, "unknown_inquiry"],
      [seeded[1].toLowerCase(), "unknown_inquiry"],
      [encodeURIComponent(seeded[1].replace(/[0-9A-Z]/g, fullWidth)), "unknown_inquiry"], // ７ＫＱ…
      [`${seeded[1]}X`, "unknown_inquiry"],
      ["A".repeat(4000), "unknown_inquiry"],
      [tamagawaReceipt, "unknown_inquiry"], // another facility's inquiry
      [`..%2F..%2F${TAMAGAWA}%2Finquiries%2F${tamagawaReceipt}`, "unknown_inquiry"],
    ];
    let cases = 0;
    for (const [id, code] of ids) {
      for (const [method, suffix] of [["GET", ""], ["DELETE", ""], ["POST", "/handled"]]) {
        const path = `/v1/staff/${HIDAMARI}/inquiries/${id}${suffix}`;
        await refused(`${method} ${path.slice(0, 120)}`, () => request(stack, method, path, { headers: auth }), 404, code, {
          echo: [...held, "directory", "facilities", ...(id.length > 8 ? [id] : [])],
        });
        cases += 1;
      }
    }
    // The facility's position. `/v1/staff/../inquiries` resolves to the public
    // `/v1/inquiries`, which takes only POST (405); the rest are no facility id (404).
    const facilities = [
      ["..", { inquiries: [405, "method_not_allowed"] }, "not_found"],
      ["%2e%2e", { inquiries: [405, "method_not_allowed"] }, "not_found"],
      [`..%2F${HIDAMARI}`],
      [`%2e%2e%2f${HIDAMARI}`],
      [HIDAMARI.toUpperCase()],
      [`${HIDAMARI}%00`],
      [`${HIDAMARI}%2Finquiries`],
      ["%00"],
      ["-hidamari"],
      ["a".repeat(4000)],
    ];
    for (const [facility, special = {}, otherwise = "unknown_facility"] of facilities) {
      for (const [method, path] of routesOf(facility, seeded[1]).filter(([m]) => m !== "POST")) {
        const suffix = path.split("/").slice(4).join("/");
        const [status, code] = special[suffix] ?? [404, otherwise];
        await refused(`${method} ${path.slice(0, 120)}`, () => request(stack, method, path, { headers: auth }), status, code, {
          echo: [...held, ...(facility.length > 8 ? [facility] : [])],
        });
        cases += 1;
      }
    }
    // A path that resolves into another facility's API is that facility's, and this token is
    // not its token (403); never that facility's data.
    const elsewhere = [
      `/v1/staff/${HIDAMARI}/inquiries/../../${TAMAGAWA}/inquiries`,
      `/v1/staff/${HIDAMARI}/../${TAMAGAWA}/inquiries/${tamagawaReceipt}`,
    ];
    for (const path of elsewhere) {
      await refused(path, () => request(stack, "GET", path, { headers: auth }), 403, "forbidden", { echo: [...held, tamagawaReceipt] });
      cases += 1;
    }
    // The list's query: 400 invalid_query.
    for (const query of ["limit=-1", "limit=1e3", "limit=%00", "cursor=..%2F..%2Fx", `cursor=1-${"A".repeat(4000)}`, "cursor=%0D%0A"]) {
      await refused(query, () => request(stack, "GET", `/v1/staff/${HIDAMARI}/inquiries?${query}`, { headers: auth }), 400, "invalid_query", {
        echo: ["AAAAAAAA"],
      });
      cases += 1;
    }
    assert.equal(cases, 57 + 40 + 2 + 6);
    // The seeded inquiries are untouched by all of it.
    const read = await request(stack, "GET", `/v1/staff/${HIDAMARI}/inquiries/${seeded[0]}`, { headers: auth });
    assert.equal(read.status, 200);
    assert.equal(read.json.status, "open");
  });

  test("odd facility ids in the public reads' query: 404 unknown_facility, not echoed", async () => {
    const values = [
      ...["..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%2F", "%00", "%0D%0ASet-Cookie:%20x=1"],
      ...["%3Cscript%3Ealert(1)%3C%2Fscript%3E", "a".repeat(4000), "nowhere", HIDAMARI.toUpperCase(), `${HIDAMARI}%00`],
    ];
    for (const route of ["/v1/groups", "/v1/form"]) {
      for (const value of values) {
        const path = `${route}?facility=${value}`;
        const res = await refused(path.slice(0, 60), () => request(stack, "GET", path), 404, "unknown_facility", {
          echo: ["<script>", "passwd", "Set-Cookie", "aaaaaaaa"],
        });
        assert.equal(res.headers.get("set-cookie"), null);
      }
    }
    await refused("/v1/form without a facility", () => request(stack, "GET", "/v1/form"), 404, "unknown_facility");
  });
});

describe("Idempotency-Key", () => {
  const [meeting] = nextMeetings("hidamari-pc-gw", "毎週月曜日 13:30〜15:00（祝日は休み）", 1);
  const baseline = () =>
    submission({
      group: "hidamari-pc-gw",
      kind: "visit",
      name: "冪等 太郎",
      furigana: "べきとう たろう",
      asker: "family",
      contact: "either",
      email: "bekito.taro@example.jp",
      phone: "045-111-2222",
      postal_address: "〒231-0001 横浜市",
      preferred: [{ date: meeting.date, start: meeting.start }],
      message: "同じ鍵で送り直します。",
    });

  test("a replayed key with any one field changed: 422 idempotency_key_reused, nothing stored", async () => {
    const key = `corpus-${randomUUID()}`;
    const headers = { "idempotency-key": key };
    const first = await send(baseline(), { headers });
    assert.equal(first.status, 201, first.text);
    const b = baseline().inquiry;
    personal.name.push(b.name, b.furigana);
    personal.email.push(b.email);
    personal.phone.push(b.phone);
    personal.text.push(b.postal_address, b.message);
    const changes = {
      group: "hidamari-walking",
      kind: "trial",
      name: "冪等 次郎",
      furigana: "べきとう じろう",
      asker: "person",
      contact: "email",
      email: "bekito.jiro@example.jp",
      phone: "045-111-3333",
      postal_address: "〒231-0002 横浜市",
      preferred: [],
      message: "別の本文に変えました。",
      consent: false,
      consent_version: "2025-01",
    };
    assert.deepEqual(Object.keys(changes).sort(), Object.keys(b).filter((k) => k !== "facility").sort(), "every field but the facility");
    for (const [field, value] of Object.entries(changes)) {
      const body = baseline();
      body.inquiry[field] = value;
      await refused(`${field} changed`, () => send(body, { headers }), 422, "idempotency_key_reused", { echo: [key, first.json.receipt_id] });
    }
    // What is not the inquiry may change on a retry (a later fill time, a fresh Turnstile
    // token, even a filled honeypot): the first answer again, nothing stored.
    for (const extra of [{ fill_ms: 60_000 }, { turnstile_token: "fresh-token" }, { website: "https://spam.example" }]) {
      const before = await state();
      const again = await send({ ...baseline(), ...extra }, { headers });
      assert.equal(again.status, 201, again.text);
      assert.deepEqual(again.json, first.json);
      assert.deepEqual(await state(), before, JSON.stringify(extra));
    }
  });

  test("the same key at another facility is that facility's own inquiry, never the first one's receipt", async () => {
    const key = `corpus-${randomUUID()}`;
    const first = await send(submission(), { headers: { "idempotency-key": key } });
    assert.equal(first.status, 201, first.text);
    const elsewhere = await send(submission({ facility: "naniwa-recovery", group: "naniwa-open-en" }), { headers: { "idempotency-key": key } });
    assert.equal(elsewhere.status, 201, elsewhere.text);
    assert.notEqual(elsewhere.json.receipt_id, first.json.receipt_id);
    const kv = await stack.kv("INQUIRIES");
    assert.ok(kv[`inquiry/v1/naniwa-recovery/${elsewhere.json.receipt_id}`]);
    assert.equal(kv[`inquiry/v1/naniwa-recovery/${first.json.receipt_id}`], undefined);
  });

  test("malformed keys: 400 invalid_idempotency_key", async () => {
    const keys = [
      "",
      "short",
      "fifteen-chars-x",
      "k".repeat(129),
      "k".repeat(4096),
      "has spaces in it 0123456789",
      "../../../etc/passwd-0123456789",
      "%2e%2e%2f%2e%2e%2f0123456789",
      "key.with.dots.0123456789",
      "key/with/slashes/0123456789",
      "base64+like/key=0123456789",
      encodeURIComponent("日本語の鍵は使えません日本語"),
    ];
    for (const key of keys) {
      await refused(
        `Idempotency-Key ${JSON.stringify(key.slice(0, 40))}`,
        () =>
          request(stack, "POST", "/v1/inquiries", {
            headers: { "content-type": "application/json", origin: stack.demoOrigin, "cf-connecting-ip": nextClient(), "idempotency-key": key },
            body: JSON.stringify(submission()),
          }),
        400,
        "invalid_idempotency_key",
        { echo: key.length >= 16 ? [key] : [] },
      );
    }
  });
});

test("the worker's log over this whole file holds no personal data and no token", async () => {
  personal.name.push("コーパス 花子");
  personal.email.push("corpus.hanako@example.jp");
  personal.text.push("攻撃コーパスの基準になる問い合わせです。");
  const lines = await assertLogsHoldNoPersonalData(stack, personal, { until: /inquiry [0-9A-Z]{8} stored/ });
  assert.ok(lines > 50, `only ${lines} log lines`);
});
