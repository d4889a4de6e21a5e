// The intake checks of POST /v1/inquiries in real workerd: one test per rule, each refusal with
// its status and code and nothing stored; Turnstile against a local siteverify stub; the rate
// limiting binding; Idempotency-Key replays. Hostile input (forged origins, malformed and
// reused idempotency keys, wrong types, injection) is the attack corpus, tests/corpus.test.mjs.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { assertLogsHoldNoPersonalData } from "./support/privacy.mjs";
import { tokyoClock } from "./support/schedule.mjs";
import { ROOT, post, startStack } from "./support/stack.mjs";

const PATH = "/v1/inquiries";

/** A submission as the widget posts it; `inquiry` patches the inquiry, `extra` the envelope. */
const submission = (inquiry = {}, extra = {}) => ({
  inquiry: {
    facility: "naniwa-recovery",
    group: "naniwa-open-en",
    kind: "question",
    name: "ひなた",
    email: "hinata@example.jp",
    message: "はじめてです。見学はできますか？",
    consent: true,
    consent_version: "2026-04",
    ...inquiry,
  },
  website: "",
  fill_ms: 8000,
  ...extra,
});

// Every test counts against its own rate limit bucket: Miniflare keeps a CF-Connecting-IP the
// client sends (Cloudflare's edge replaces it).
let lastClient = 0;
const newClient = () => `198.51.100.${++lastClient}`;

/** POSTs from a fresh client address unless `client` names one. */
const send = (stack, body, { client = newClient(), headers = {}, ...options } = {}) =>
  post(stack, PATH, body, { ...options, headers: { "cf-connecting-ip": client, ...headers } });

/** Runs `fn` and asserts it left INQUIRIES exactly as it was and sent no mail. */
async function assertNothingStored(stack, fn) {
  const before = await stack.kv("INQUIRIES");
  const mailBefore = (await stack.mails()).length;
  const result = await fn();
  assert.deepEqual(await stack.kv("INQUIRIES"), before, "INQUIRIES changed");
  assert.equal((await stack.mails()).length, mailBefore, "mail was sent");
  return result;
}

/** Asserts a refusal's status and code, and that nothing was stored. */
async function refused(stack, fn, status, code) {
  const res = await assertNothingStored(stack, fn);
  assert.equal(res.status, status, res.text);
  assert.equal(res.json?.code, code, res.text);
  assert.equal(typeof res.json.message, "string");
  return res;
}

/** The Tokyo calendar date `days` after today, and its weekday (0 = Sunday). */
function tokyoDate(days) {
  const shifted = tokyoClock(Date.now() + days * 86_400_000);
  return { date: shifted.toISOString().slice(0, 10), weekday: shifted.getUTCDay() };
}

/** The first Tokyo Tuesday met walking from `days` after today by `step` days (1 or -1). */
function tuesdayFrom(days, step) {
  for (; ; days += step) {
    const { date, weekday } = tokyoDate(days);
    if (weekday === 2) return { days, date };
  }
}

/** The first Tuesday at least two days ahead in Tokyo: a meeting of naniwa-open-en (weekly on
 *  Tuesdays, 19:30, no holidays skipped), far enough from now that it cannot end mid-test. */
const nextOpenMeeting = () => tuesdayFrom(2, 1);

/** The last Tuesday before today in Tokyo: a meeting of naniwa-open-en that has gone by. It is
 *  searched backwards from yesterday rather than taken as a week before `nextOpenMeeting()`,
 *  which on a Monday is tomorrow: a coming meeting the worker rightly accepts. */
const lastTuesday = () => tuesdayFrom(-1, -1);

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The receipt number the worker derives for an idempotency key (first 40 bits of
 *  SHA-256("tsunagu receipt\0" facility "\0" key) in Crockford base 32). */
function derivedReceipt(facility, key) {
  const digest = createHash("sha256").update(`tsunagu receipt\0${facility}\0${key}`).digest();
  let bits = digest.readUIntBE(0, 5);
  let out = "";
  for (let i = 0; i < 8; i += 1) {
    out = CROCKFORD[bits % 32] + out;
    bits = Math.floor(bits / 32);
  }
  return out;
}

const inquiryKeys = (kv, facility) => Object.keys(kv).filter((k) => k.startsWith(`inquiry/v1/${facility}/`));
const mailsFor = async (stack, receipt) => (await stack.mails()).filter((m) => m.parsed.subject?.includes(receipt));

describe("POST /v1/inquiries intake", () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test("a good submission is stored and answered 201 (the baseline the refusals differ from)", async () => {
    const res = await send(stack, submission());
    assert.equal(res.status, 201, res.text);
    const kv = await stack.kv("INQUIRIES");
    assert.ok(kv[`inquiry/v1/naniwa-recovery/${res.json.receipt_id}`], "not stored");
  });

  test("415 for a body that is not JSON", async () => {
    await refused(stack, () => send(stack, submission(), { contentType: "text/plain" }), 415, "unsupported_media_type");
  });

  test("413 for a body over the limit", async () => {
    const big = submission({ message: "あ".repeat(12_000) });
    await refused(stack, () => send(stack, big), 413, "payload_too_large");
  });

  test("404 for an unknown facility", async () => {
    await refused(stack, () => send(stack, submission({ facility: "nowhere" })), 404, "unknown_facility");
  });

  test("404 for a group of another facility", async () => {
    await refused(stack, () => send(stack, submission({ group: "hidamari-walking" })), 404, "unknown_group");
  });

  test("400 for broken JSON and for the bare inquiry without its submission envelope", async () => {
    await refused(stack, () => send(stack, null, { raw: '{"inquiry":' }), 400, "invalid_json");
    await refused(stack, () => send(stack, submission().inquiry), 400, "invalid_json");
  });

  test("400 spam_suspected when the honeypot is filled", async () => {
    await refused(stack, () => send(stack, submission({}, { website: "https://spam.example" })), 400, "spam_suspected");
  });

  test("400 spam_suspected when the form was sent faster than a person fills it", async () => {
    await refused(stack, () => send(stack, submission({}, { fill_ms: 2999 })), 400, "spam_suspected");
    const { fill_ms: _, ...withoutTime } = submission();
    await refused(stack, () => send(stack, withoutTime), 400, "spam_suspected");
  });

  test("422 with per-field codes from core's validation", async () => {
    const cases = [
      [{ contact: "phone" }, "phone", "required"],
      [{ contact: "email", email: "" }, "email", "required"],
      [{ contact: "either", email: "" }, "email", "contact_required"],
      [{ phone: "03-1234" }, "phone", "phone_invalid"],
      [{ email: "hinata@" }, "email", "email_invalid"],
      [{ kind: "trial" }, "kind", "not_offered"], // naniwa-recovery offers visit, materials, question
      [{ kind: "materials" }, "postal_address", "required"],
      [{ consent: false }, "consent", "consent_required"],
      [{ consent_version: "2025-01" }, "consent", "consent_outdated"],
      [{ furigana: "Hinata" }, "furigana", "not_kana"],
    ];
    for (const [patch, field, code] of cases) {
      const res = await refused(stack, () => send(stack, submission(patch)), 422, "validation_failed");
      assert.deepEqual(
        res.json.fields.map((f) => [f.field, f.code]),
        [[field, code]],
        `${JSON.stringify(patch)}: ${res.text}`,
      );
    }
  });

  test("a phone number typed full-width is stored normalised", async () => {
    const res = await send(stack, submission({ contact: "phone", email: "", phone: "０６－６１２３－４５６７" }));
    assert.equal(res.status, 201, res.text);
    const stored = JSON.parse((await stack.kv("INQUIRIES"))[`inquiry/v1/naniwa-recovery/${res.json.receipt_id}`]);
    assert.equal(stored.inquiry.phone, "06-6123-4567");
    assert.equal(stored.inquiry.contact, "phone");
  });

  test("preferred dates must be coming meetings of the group: 422 not_a_meeting otherwise", async () => {
    const meeting = nextOpenMeeting();
    const slot = { date: meeting.date, start: "19:30" };
    const ok = await send(stack, submission({ kind: "visit", preferred: [slot] }));
    assert.equal(ok.status, 201, ok.text);
    const stored = JSON.parse((await stack.kv("INQUIRIES"))[`inquiry/v1/naniwa-recovery/${ok.json.receipt_id}`]);
    assert.deepEqual(stored.inquiry.preferred, [slot]);

    const wrong = [
      { date: meeting.date, start: "19:00" }, // the right day, not its start
      { date: tokyoDate(meeting.days + 1).date, start: "19:30" }, // a Wednesday
      { date: lastTuesday().date, start: "19:30" }, // a Tuesday gone by
      { date: tokyoDate(meeting.days + 7 * 14).date, start: "19:30" }, // past the 92-day horizon
    ];
    for (const bad of wrong) {
      const res = await refused(stack, () => send(stack, submission({ kind: "visit", preferred: [slot, bad] })), 422, "validation_failed");
      assert.deepEqual(res.json.fields, [{ field: "preferred", code: "not_a_meeting" }], JSON.stringify(bad));
    }
  });

  test("429 rate_limited with Retry-After once a client exhausts its budget at a facility", async () => {
    // The binding allows 10 a minute in fixed windows; requests sent back to back (a second
    // or two for all) span at most two windows, so at most 20 pass; 31 allow for a third.
    const client = newClient();
    const before = await stack.kv("INQUIRIES");
    const accepted = [];
    let limited;
    for (let i = 0; i < 31 && !limited; i += 1) {
      const res = await send(stack, submission({ message: `連続送信 ${i}` }), { client });
      if (res.status === 201) accepted.push(res.json.receipt_id);
      else limited = res;
    }
    assert.ok(limited, "never limited");
    assert.equal(limited.status, 429, limited.text);
    assert.equal(limited.json.code, "rate_limited");
    assert.equal(limited.headers.get("retry-after"), "60");
    assert.ok(accepted.length >= 10, `only ${accepted.length} accepted before the limit`);
    // Exactly the accepted inquiries were stored: the limited one left nothing behind.
    const added = Object.keys(await stack.kv("INQUIRIES")).filter((key) => !(key in before));
    const inquiries = added.filter((key) => key.startsWith("inquiry/v1/"));
    assert.deepEqual(inquiries.map((key) => key.split("/").pop()).sort(), [...accepted].sort());
    // Besides the accepted inquiries' own records, at most the one auto-reply claim they share
    // (one address): nothing of the limited request.
    const others = added.filter((key) => !accepted.some((receipt) => key.endsWith(`/${receipt}`)));
    assert.ok(others.length <= 1 && others.every((key) => key.startsWith("autoreply/")), others.join(", "));
    // Another client, or the same client at another facility, has its own budget.
    assert.equal((await send(stack, submission())).status, 201);
    const elsewhere = submission({ facility: "hakata-kokoro", group: "hakata-jishi" });
    assert.equal((await send(stack, elsewhere, { client })).status, 201);
  });

  describe("Idempotency-Key", () => {
    test("the same key and body get the first answer again: one inquiry, one mail", async () => {
      const key = "9f0e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c";
      const headers = { "idempotency-key": key };
      const first = await send(stack, submission({ message: "冪等性の確認" }), { headers });
      assert.equal(first.status, 201, first.text);
      const receipt = first.json.receipt_id;
      assert.equal(receipt, derivedReceipt("naniwa-recovery", key));
      const kvAfterFirst = await stack.kv("INQUIRIES");
      const recordKey = `idem/v1/naniwa-recovery/${createHash("sha256").update(key).digest("hex")}`;
      assert.equal(JSON.parse(kvAfterFirst[recordKey]).receipt_id, receipt);

      // A retry: later fill time, other client address; the inquiry is the same.
      const again = await send(stack, submission({ message: "冪等性の確認" }, { fill_ms: 20_000 }), { headers });
      assert.equal(again.status, 201, again.text);
      assert.deepEqual(again.json, first.json);
      assert.deepEqual(await stack.kv("INQUIRIES"), kvAfterFirst, "the replay wrote to KV");
      assert.equal((await mailsFor(stack, receipt)).length, 1);
    });

    test("a retry whose first answer was never recorded still finds its inquiry (KV races)", async () => {
      const key = "race-4b1c0d9e-8f7a-6b5c";
      const headers = { "idempotency-key": key };
      const first = await send(stack, submission({ message: "競合の確認" }), { headers });
      assert.equal(first.status, 201, first.text);
      // As if the record had not propagated (or its write had failed).
      const ns = await stack.kvNamespace("INQUIRIES");
      await ns.delete(`idem/v1/naniwa-recovery/${createHash("sha256").update(key).digest("hex")}`);
      const inquiriesBefore = inquiryKeys(await stack.kv("INQUIRIES"), "naniwa-recovery");
      const again = await send(stack, submission({ message: "競合の確認" }), { headers });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.json.receipt_id, first.json.receipt_id);
      assert.deepEqual(inquiryKeys(await stack.kv("INQUIRIES"), "naniwa-recovery"), inquiriesBefore);
      assert.equal((await mailsFor(stack, first.json.receipt_id)).length, 1);
    });

    test("a key crafted to land on another inquiry's receipt never touches that inquiry", async () => {
      const key = "collide-7e6d5c4b3a29-1800";
      const receipt = derivedReceipt("naniwa-recovery", key);
      const planted = JSON.stringify({
        receipt_id: receipt,
        received_at: new Date().toISOString(),
        inquiry: submission({ name: "先に届いた人", message: "別の問い合わせ" }).inquiry,
        status: "open",
      });
      const ns = await stack.kvNamespace("INQUIRIES");
      await ns.put(`inquiry/v1/naniwa-recovery/${receipt}`, planted);
      const res = await send(stack, submission({ message: "後から届いた問い合わせ" }), { headers: { "idempotency-key": key } });
      assert.equal(res.status, 201, res.text);
      assert.notEqual(res.json.receipt_id, receipt);
      const kv = await stack.kv("INQUIRIES");
      assert.equal(kv[`inquiry/v1/naniwa-recovery/${receipt}`], planted);
      assert.equal(JSON.parse(kv[`inquiry/v1/naniwa-recovery/${res.json.receipt_id}`]).inquiry.message, "後から届いた問い合わせ");
    });
  });
});

describe("Turnstile", () => {
  const SECRET = "test-turnstile-secret";
  let stack;
  let stub;
  let stubUrl;
  let dataDir;
  const calls = [];

  before(async () => {
    // siteverify as Cloudflare answers it, by token: "good" passes, "server-error" is a 500,
    // "hang-up" drops the connection, anything else is refused.
    stub = http.createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (part) => (body += part));
      req.on("end", () => {
        const form = new URLSearchParams(body);
        calls.push({ contentType: req.headers["content-type"], form: Object.fromEntries(form) });
        const token = form.get("response");
        if (token === "hang-up") return req.socket.destroy();
        if (token === "server-error") {
          res.writeHead(500).end("oops");
          return;
        }
        const success = form.get("secret") === SECRET && token === "good";
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ success, "error-codes": success ? [] : ["invalid-input-response"] }));
      });
    });
    await new Promise((resolve) => stub.listen(0, "127.0.0.1", resolve));
    stubUrl = `http://127.0.0.1:${stub.address().port}/siteverify`;

    // The demo data with Turnstile turned on for one facility.
    dataDir = mkdtempSync(join(tmpdir(), "tsunagu-turnstile-"));
    copyFileSync(join(ROOT, "demo/data/directory.json"), join(dataDir, "directory.json"));
    const facilities = JSON.parse(readFileSync(join(ROOT, "demo/data/facilities.json"), "utf8"));
    facilities.find((f) => f.id === "naniwa-recovery").form.turnstile_site_key = "0x4AAAAAAAtest";
    writeFileSync(join(dataDir, "facilities.json"), JSON.stringify(facilities));
    stack = await startStack({ dataDir, bindings: { TURNSTILE_VERIFY_URL: stubUrl, TURNSTILE_SECRET: SECRET } });
  });
  after(async () => {
    await stack?.stop();
    await new Promise((resolve) => (stub ? stub.close(resolve) : resolve()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("a good token passes; siteverify gets secret, token and the client's address, form-encoded", async () => {
    calls.length = 0;
    const res = await send(stack, submission({}, { turnstile_token: "good" }), { client: "203.0.113.9" });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(calls, [
      {
        contentType: "application/x-www-form-urlencoded",
        form: { secret: SECRET, response: "good", remoteip: "203.0.113.9" },
      },
    ]);
  });

  test("no token is 403 turnstile_failed without asking siteverify", async () => {
    calls.length = 0;
    await refused(stack, () => send(stack, submission()), 403, "turnstile_failed");
    assert.equal(calls.length, 0);
  });

  test("a refused token, a siteverify error and a dropped connection are each 403 turnstile_failed", async () => {
    // One address for all three, and one of its own: the log check below must know what the
    // failing requests carried.
    const client = "203.0.113.47";
    const tokens = ["forged", "server-error", "hang-up"];
    for (const token of tokens) {
      calls.length = 0;
      await refused(stack, () => send(stack, submission({}, { turnstile_token: token }), { client }), 403, "turnstile_failed");
      assert.equal(calls.length, 1, token);
      assert.equal(calls[0].form.remoteip, client, token);
    }
    // The failures are logged for the operator, but never with the visitor's address or token.
    await assertLogsHoldNoPersonalData(stack, { secret: [client, ...tokens, SECRET] }, { until: /Turnstile check failed/ });
  });

  test("facilities without Turnstile never call siteverify", async () => {
    calls.length = 0;
    const other = submission({ facility: "hakata-kokoro", group: "hakata-jishi" });
    const res = await send(stack, other);
    assert.equal(res.status, 201, res.text);
    assert.equal(calls.length, 0);
  });
});
