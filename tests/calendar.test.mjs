// The worker's public schedule data in real workerd: a month's holidays and meetings, and one
// group's iCalendar file, for any origin.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { request, startStack } from "./support/stack.mjs";
import { tokyoClock } from "./support/schedule.mjs";

// 第2・4月曜日 10:00〜12:00（祝日は休み）: January's 成人の日 is always its second Monday.
const GROUP = "hidamari-business-gw";
const FACILITY = "hidamari-noborito";
const ICS_PATH = `/v2/groups/${GROUP}/calendar.ics`;
const PARTNER = "https://partner.example";

const directory = JSON.parse(readFileSync(new URL("../demo/data/directory.json", import.meta.url)));
const facilityOf = Object.fromEntries(directory.groups.map((g) => [g.id, g.facility]));

const pad = (n) => String(n).padStart(2, "0");
const monthText = (year, month) => `${year}-${pad(month)}`;
const today = tokyoClock();
const thisYear = today.getUTCFullYear();
/** January of next year: 1 to 12 months ahead, always within the months served. */
const JANUARY = monthText(thisYear + 1, 1);

/** The `nth` Mondays (1-based) of a month, as YYYY-MM-DD. */
function mondays(year, month, nths) {
  const out = [];
  for (let day = 1; day <= 31; day += 1) {
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1) break;
    if (date.getUTCDay() === 1 && nths.includes(Math.floor((day - 1) / 7) + 1)) {
      out.push(`${year}-${pad(month)}-${pad(day)}`);
    }
  }
  return out;
}

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const get = (path, headers = {}) => request(stack, "GET", path, { headers });

describe("GET /v2/month", () => {
  test("a 第2・4月曜 group meets on those Mondays except 成人の日, which is listed", async () => {
    const res = await get(`/v2/month?month=${JANUARY}`, { origin: PARTNER });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assert.equal(res.headers.get("cache-control"), "public, max-age=3600");
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const body = res.json;
    assert.equal(body.month, JANUARY);

    const [second, fourth] = mondays(thisYear + 1, 1, [2, 4]);
    const comingOfAge = body.holidays.find((h) => h.name_ja === "成人の日");
    assert.deepEqual(comingOfAge, { date: second, name_ja: "成人の日", name_en: "Coming of Age Day" });
    assert.ok(body.holidays.some((h) => h.date === `${thisYear + 1}-01-01` && h.name_ja === "元日"));

    const meetings = body.meetings.filter((m) => m.group === GROUP);
    assert.deepEqual(meetings, [{ group: GROUP, date: fourth, start: "10:00", end: "12:00" }]);
  });

  test("every meeting is in the month, sorted by date then start", async () => {
    const { json } = await get(`/v2/month?month=${JANUARY}`);
    assert.ok(json.meetings.length > 100, `${json.meetings.length} meetings`);
    assert.ok(json.meetings.every((m) => m.date.startsWith(`${JANUARY}-`)));
    const keys = json.meetings.map((m) => `${m.date} ${m.start.padStart(5, "0")}`);
    assert.deepEqual(keys, [...keys].sort());
    // Every group with a schedule: several facilities.
    assert.ok(new Set(json.meetings.map((m) => facilityOf[m.group])).size > 5);
  });

  test("a facility gets exactly its own groups' meetings", async () => {
    const [all, mine] = await Promise.all([
      get(`/v2/month?month=${JANUARY}`),
      get(`/v2/month?month=${JANUARY}&facility=${FACILITY}`),
    ]);
    assert.equal(mine.status, 200, mine.text);
    assert.ok(mine.json.meetings.some((m) => m.group === GROUP));
    assert.deepEqual(
      mine.json.meetings,
      all.json.meetings.filter((m) => facilityOf[m.group] === FACILITY),
    );
    assert.deepEqual(mine.json.holidays, all.json.holidays);
  });

  const tooFar = monthText(thisYear + 3, 1);
  const tooEarly = monthText(thisYear - 2, 1);
  for (const [what, query] of [
    ["month 13", "month=2026-13"],
    ["not a month", "month=abc"],
    ["a month over two years ahead", `month=${tooFar}`],
    ["a month over a year back", `month=${tooEarly}`],
    ["no month", `facility=${FACILITY}`],
  ]) {
    test(`${what} → 400 invalid_month, the value not repeated`, async () => {
      const res = await get(`/v2/month?${query}`, { origin: PARTNER });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.code, "invalid_month");
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      const value = new URLSearchParams(query).get("month");
      if (value) assert.ok(!res.text.includes(value), res.text);
    });
  }

  test("an unknown facility → 404 unknown_facility", async () => {
    for (const facility of ["nowhere", "..%2F..%2Fetc"]) {
      const res = await get(`/v2/month?month=${JANUARY}&facility=${facility}`);
      assert.equal(res.status, 404, res.text);
      assert.equal(res.json.code, "unknown_facility");
    }
  });
});

describe("GET /v2/groups/{group}/calendar.ics", () => {
  test("is the group's iCalendar with its RRULE, in Asia/Tokyo, CRLF and folded", async () => {
    const res = await get(ICS_PATH, { origin: PARTNER });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get("content-type"), "text/calendar; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "public, max-age=3600");
    assert.equal(res.headers.get("content-disposition"), `inline; filename="${GROUP}.ics"`);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");

    const text = res.text;
    assert.ok(text.startsWith("BEGIN:VCALENDAR\r\n"), text.slice(0, 40));
    assert.ok(text.endsWith("END:VCALENDAR\r\n"));
    const physical = text.slice(0, -2).split("\r\n");
    for (const line of physical) {
      assert.ok(!line.includes("\n") && !line.includes("\r"), `bare line break in ${JSON.stringify(line)}`);
      assert.ok(Buffer.byteLength(line, "utf8") <= 75, `${Buffer.byteLength(line)} octets: ${line}`);
    }
    assert.ok(physical.some((l) => l.startsWith(" ")), "no folded line to check");
    const lines = text.replaceAll("\r\n ", "").split("\r\n");
    assert.equal(lines.filter((l) => l === "BEGIN:VEVENT").length, 1);
    assert.ok(lines.includes("RRULE:FREQ=MONTHLY;BYDAY=2MO,4MO;WKST=MO"), text);

    // DTSTART is the rule's first Monday from today in Tokyo on.
    const [, date] = lines.find((l) => l.startsWith("DTSTART;")).match(/^DTSTART;TZID=Asia\/Tokyo:(\d{8})T100000$/) ?? [];
    assert.ok(date, "DTSTART is not 10:00 in Asia/Tokyo");
    const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
    const [y, m] = iso.split("-").map(Number);
    assert.ok(mondays(y, m, [2, 4]).includes(iso), `${iso} is not a 2nd or 4th Monday`);
    assert.ok(iso >= today.toISOString().slice(0, 10), `${iso} is in the past`);
    assert.ok(lines.includes(`DTEND;TZID=Asia/Tokyo:${date}T120000`));
    // 成人の日 is a 2nd Monday the group skips.
    const exdate = lines.find((l) => l.startsWith("EXDATE;TZID=Asia/Tokyo:")) ?? "";
    assert.ok(exdate.includes(`${mondays(thisYear + 1, 1, [2])[0].replaceAll("-", "")}T100000`), exdate);
  });

  test("?download=1 makes it an attachment", async () => {
    const res = await get(`${ICS_PATH}?download=1`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-disposition"), `attachment; filename="${GROUP}.ics"`);
    assert.ok(res.text.startsWith("BEGIN:VCALENDAR\r\n"));
  });

  test("HEAD answers the headers without the body", async () => {
    const res = await request(stack, "HEAD", ICS_PATH);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/calendar; charset=utf-8");
    assert.equal(res.text, "");
  });

  test("an unknown or malformed group → 404 unknown_group, the id not repeated", async () => {
    for (const id of ["nobody-here", "Bad_Id", "a..b", "a%2Fb", "x".repeat(300)]) {
      const res = await get(`/v2/groups/${id}/calendar.ics`, { origin: PARTNER });
      assert.equal(res.status, 404, `${id}: ${res.text}`);
      assert.equal(res.json.code, "unknown_group");
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.ok(!res.text.includes(id), res.text);
    }
  });
});

describe("public CORS on /v2", () => {
  for (const path of [`/v2/month?month=${JANUARY}`, ICS_PATH]) {
    test(`any origin may read and preflight ${path.split("?")[0]}`, async () => {
      const preflight = await request(stack, "OPTIONS", path, {
        headers: { origin: PARTNER, "access-control-request-method": "GET" },
      });
      assert.equal(preflight.status, 204, preflight.text);
      assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
      assert.match(preflight.headers.get("access-control-allow-methods"), /\bGET\b/);
      assert.equal(preflight.headers.get("access-control-allow-credentials"), null);

      const res = await get(path, { origin: PARTNER });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.equal(res.headers.get("access-control-allow-credentials"), null);

      const wrong = await request(stack, "POST", path, { headers: { origin: PARTNER } });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.json.code, "method_not_allowed");
      assert.equal(wrong.headers.get("allow"), "GET, HEAD, OPTIONS");
      assert.equal(wrong.headers.get("access-control-allow-origin"), "*");
    });
  }
});
