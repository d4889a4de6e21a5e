// The finder's feed in real workerd: built by `tsunagu load`, served from KV and then from the
// isolate's memory, readable by any origin, and built again by the cron when it is due.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { assertLogsHoldNoPersonalData } from "./support/privacy.mjs";
import { post, request, startStack } from "./support/stack.mjs";

/** Sunday 2026-12-20 09:00 in Tokyo: the feed's moment. */
const BUILT = new Date("2026-12-20T09:00:00+09:00");
const HOUR = 60 * 60 * 1000;
const demo = JSON.parse(readFileSync(new URL("../demo/data/directory.json", import.meta.url)));
const facilities = JSON.parse(readFileSync(new URL("../demo/data/facilities.json", import.meta.url)));
/** A partner site of the area network: in no facility's list of origins. */
const PARTNER = "https://partner.example";

let stack;
before(async () => {
  stack = await startStack({ feedAt: BUILT });
});
after(async () => {
  await stack?.stop();
});

const feed = (query = "", headers = {}) => request(stack, "GET", `/v2/feed${query}`, { headers });
const preparedOf = (body, id) => body.groups.find((e) => e.group.id === id).prepared;

describe("GET /v2/feed", () => {
  test("serves the feed `tsunagu load` built: groups without rules, their schedule work done", async () => {
    const res = await feed();
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assert.equal(res.json.built * 1000, BUILT.getTime());
    // Each group beside its prepared work, in the directory's order.
    assert.deepEqual(res.json.groups.map((e) => e.group.id), demo.groups.map((g) => g.id));
    assert.deepEqual(Object.keys(res.json.groups[0]), ["prepared", "group"]);
    for (const { group } of res.json.groups) assert.equal(group.schedule, undefined, group.id);
    assert.deepEqual(res.json.facilities.map((f) => f.id), demo.facilities.map((f) => f.id));
    // 第2・4月曜日, holidays off: 2027-01-11 is the second Monday and 成人の日, and 2027-03-22
    // the fourth and a substitute holiday (春分の日 falls on Sunday the 21st). The next ten
    // other meetings from the 20th.
    const business = preparedOf(res.json, "hidamari-business-gw");
    assert.equal(business.ja, "毎月第2・4月曜日 10:00〜12:00（祝日は休み）");
    assert.match(business.en, /Monday/);
    assert.deepEqual(business.meetings.map((m) => m.date), [
      "2026-12-28", "2027-01-25", "2027-02-08", "2027-02-22", "2027-03-08",
      "2027-04-12", "2027-04-26", "2027-05-10", "2027-05-24", "2027-06-14",
    ]);
    assert.deepEqual(business.meetings[0], { date: "2026-12-28", start: "10:00", end: "12:00" });
    // Folded search text: katakana as hiragana, the facility's name included.
    assert.ok(business.text.includes("ひだまり"), business.text);
    // A group by appointment has no meetings and no slots.
    assert.equal(preparedOf(res.json, "hidamari-kengaku").meetings, undefined);
    // Private configuration never appears in it.
    for (const secret of facilities.flatMap((f) => [...f.staff_emails, f.sender])) {
      assert.ok(!res.text.includes(secret), `${secret} leaked`);
    }
  });

  test("one facility's feed holds its groups only; an unknown facility is a 404 with its code", async () => {
    const res = await feed("?facility=tamagawa-peer");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.groups.map((e) => e.group.id), ["tamagawa-peer-soudan", "tamagawa-parkinson"]);
    assert.deepEqual(res.json.facilities.map((f) => f.id), ["tamagawa-peer"]);
    assert.ok(res.json.groups.every((e) => e.prepared.ja), "each with its work");
    for (const facility of ["nowhere", "..%2F..%2Fetc"]) {
      const missing = await feed(`?facility=${facility}`);
      assert.equal(missing.status, 404, facility);
      assert.equal(missing.json.code, "unknown_facility");
    }
  });

  test("a warm isolate answers from memory, with the same body", async () => {
    const first = await feed("?facility=yasumiba-online");
    const second = await feed("?facility=yasumiba-online");
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("x-tsunagu-feed"), "memory");
    assert.equal(second.text, first.text);
    assert.equal(second.headers.get("cache-control"), "public, max-age=60");
  });

  test("other methods are 405 with Allow", async () => {
    const res = await request(stack, "DELETE", "/v2/feed");
    assert.equal(res.status, 405);
    assert.equal(res.json.code, "method_not_allowed");
    assert.equal(res.headers.get("allow"), "GET, HEAD, OPTIONS");
  });
});

describe("a partner origin in no facility's list", () => {
  test("reads the feed, the directory and form settings", async () => {
    for (const path of ["/v2/feed", "/v2/feed?facility=hidamari-noborito", "/v1/groups", "/v1/form?facility=hidamari-noborito"]) {
      const res = await request(stack, "GET", path, { headers: { origin: PARTNER } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("access-control-allow-origin"), "*", path);
    }
    const missing = await request(stack, "GET", "/v2/feed?facility=nowhere", { headers: { origin: PARTNER } });
    assert.equal(missing.headers.get("access-control-allow-origin"), "*", "a refusal is readable too");
    const preflight = await request(stack, "OPTIONS", "/v2/feed", {
      headers: { origin: PARTNER, "access-control-request-method": "GET", "access-control-request-headers": "x-anything" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  });

  test("cannot post an inquiry, nor have its preflight answered", async () => {
    const before = Object.keys(await stack.kv("INQUIRIES")).length;
    const res = await post(stack, "/v1/inquiries", {
      inquiry: {
        facility: "yasumiba-online", group: "yasumiba-freespace", kind: "question", name: "",
        email: "partner@example.jp", message: "質問です", consent: true, consent_version: "2026-04",
      },
      website: "",
      fill_ms: 8000,
    }, { origin: PARTNER, headers: { "idempotency-key": "partner-origin-0001" } });
    assert.equal(res.status, 403);
    assert.equal(res.json.code, "origin_not_allowed");
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    const preflight = await request(stack, "OPTIONS", "/v1/inquiries", {
      headers: { origin: PARTNER, "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    assert.equal(Object.keys(await stack.kv("INQUIRIES")).length, before);
  });
});

describe("the cron", () => {
  const built = async () => (await feed()).json.built * 1000;

  test("leaves a fresh feed alone and builds a stale one again from its own clock", async () => {
    await stack.scheduled(new Date(BUILT.getTime() + HOUR));
    assert.equal(await built(), BUILT.getTime(), "an hour old is fresh");
    const later = new Date(BUILT.getTime() + 6 * HOUR);
    await stack.scheduled(later);
    const res = await feed();
    assert.equal(res.headers.get("x-tsunagu-feed"), "kv", "memory was dropped with the old feed");
    assert.equal(res.json.built * 1000, later.getTime());
    // Built at 15:00 on the 20th: the same meetings (none of them was on the 20th).
    assert.equal(preparedOf(res.json, "hidamari-business-gw").meetings[0].date, "2026-12-28");
    const one = await feed("?facility=hidamari-noborito");
    assert.equal(one.json.built * 1000, later.getTime(), "every facility's feed too");
  });

  test("builds it again when its clock reads earlier than the feed", async () => {
    // Monday 2026-12-14 10:30: the 2nd-Monday meeting of the 14th is under way, so listed.
    const earlier = new Date("2026-12-14T10:30:00+09:00");
    await stack.scheduled(earlier);
    const res = await feed();
    assert.equal(res.json.built * 1000, earlier.getTime());
    assert.deepEqual(preparedOf(res.json, "hidamari-business-gw").meetings[0], { date: "2026-12-14", start: "10:00", end: "12:00" });
  });

  test("logs that it built the feeds, and nothing personal", async () => {
    await assertLogsHoldNoPersonalData(stack, { email: ["partner@example.jp"], text: ["質問です"] }, {
      until: /feeds built for \d+ groups/,
    });
  });
});
