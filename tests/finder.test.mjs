// The finder in a real browser against the real worker: each filter, paging, the detail, the
// month calendar, deep links and Back, two instances on one page, English, and the events the
// host page hears. The expected sets are worked out here from the demo data, independently of
// the widget's code, wherever the rule is simple enough to restate.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./support/browser.mjs";
import { startStack } from "./support/stack.mjs";
import { FEED_AT, demoData, openPage, placeOf, showAll, shownIds, waitForCount } from "./support/widget.mjs";

let stack;
let browser;
before(async () => {
  stack = await startStack({ feedAt: FEED_AT });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

const groups = demoData.groups;
const ids = (pick) => groups.filter(pick).map((g) => g.id).sort();
const sorted = (xs) => [...xs].sort();

// Meetings worked out from the demo data's schedules, independently of core, for the filters
// by weekday and time of day and for holidays. Enough of the rules for the demo data: weekly
// and monthly rules with an interval counted from `starts`, one-off dates, exceptions, and
// holidays skipped where the group says so.

/** Japan's public holidays from FEED_AT's day to the end of March 2027 (Cabinet Office list). */
const HOLIDAYS = { first: "2026-11-25", last: "2027-03-31", dates: ["2027-01-01", "2027-01-11", "2027-02-11", "2027-02-23", "2027-03-21", "2027-03-22"] };
const WEEKDAY_CODES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const dayOf = (date) => new Date(`${date}T00:00:00Z`);
const dateOf = (day) => day.toISOString().slice(0, 10);
const addDays = (date, n) => dateOf(new Date(dayOf(date).getTime() + n * 86_400_000));

/** Whether `rule` of a schedule starting on `starts` meets on `date`. */
function ruleMeets(rule, date, starts) {
  const day = dayOf(date);
  const { freq, weekdays = [], nth = [], days = [], interval = 1 } = rule.repeat;
  if (interval > 1 && !starts) throw new Error(`an interval without starts: ${JSON.stringify(rule)}`);
  const from = starts ? dayOf(starts) : day;
  const months = (day.getUTCFullYear() - from.getUTCFullYear()) * 12 + day.getUTCMonth() - from.getUTCMonth();
  const monthLength = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
  const weekday = WEEKDAY_CODES[day.getUTCDay()];
  if (freq === "weekly") {
    const monday = (d) => d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000;
    const weeks = Math.round((monday(day) - monday(from)) / (7 * 86_400_000));
    return weekdays.includes(weekday) && weeks % interval === 0;
  }
  if (freq === "monthly_by_weekday") {
    const first = Math.ceil(day.getUTCDate() / 7);
    const last = -Math.ceil((monthLength - day.getUTCDate() + 1) / 7);
    return weekdays.includes(weekday) && (nth.includes(first) || nth.includes(last)) && months % interval === 0;
  }
  if (freq === "monthly_by_day") {
    return (days.includes(day.getUTCDate()) || (days.includes(-1) && day.getUTCDate() === monthLength)) && months % interval === 0;
  }
  throw new Error(`unknown rule ${freq}`);
}

/** The meetings of `group` from `from` to `to` (dates, both included), as { date, start }. */
function meetingsBetween(group, from, to) {
  if (from < HOLIDAYS.first || to > HOLIDAYS.last) throw new Error(`no holiday list for ${from}…${to}`);
  const s = group.schedule ?? {};
  const out = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if ((s.except ?? []).includes(date)) continue;
    const inRange = (!s.starts || s.starts <= date) && (!s.until || date <= s.until);
    const holiday = s.skip_holidays && HOLIDAYS.dates.includes(date);
    for (const rule of s.rules ?? []) {
      if (inRange && !holiday && ruleMeets(rule, date, s.starts)) out.push({ date, start: rule.start, end: rule.end });
    }
    for (const one of s.dates ?? []) if (one.date === date) out.push(one);
  }
  return out.sort((a, b) => (a.date + a.start.padStart(5, "0")).localeCompare(b.date + b.start.padStart(5, "0")));
}

/** The meetings the weekday and time-of-day filters look at: 62 days from the feed's day. */
const FEED_DAY = FEED_AT.slice(0, 10);
const lookahead = (group) => meetingsBetween(group, FEED_DAY, addDays(FEED_DAY, 62));
const weekdayOf = (date) => dayOf(date).getUTCDay();
const startHour = (meeting) => Number(meeting.start.split(":")[0]);

/** Opens the demo page and the filter panel. */
async function openFilters(path = "/") {
  const opened = await openPage(stack, browser, path);
  await opened.widget.getByTestId("filters-toggle").click();
  await opened.widget.getByTestId("filters").getByRole("checkbox").first().waitFor();
  return opened;
}

/** Ticks the checkbox whose label starts with `label` in the fieldset `testid`; returns the
 *  count its label showed before ticking. */
async function tick(widget, testid, label) {
  const box = widget.getByTestId(testid).getByRole("checkbox", { name: new RegExp(`^${label}`) });
  const text = await box.locator("xpath=..").textContent();
  const shown = Number(text.match(/（(\d+)）/)[1]);
  await box.check();
  return shown;
}

/** Selects the option of `select` whose label (a name and its count) starts with `prefix`. */
async function pick(select, prefix) {
  const value = await select.evaluate(
    (el, prefix) => [...el.options].find((o) => o.textContent.startsWith(prefix))?.value,
    prefix,
  );
  assert.ok(value !== undefined, `no option ${prefix}`);
  await select.selectOption(value);
}

/** Asserts the list (every page of it) shows exactly `expected`, and the heading agrees. */
async function expectShown(widget, expected) {
  await waitForCount(widget, expected.length);
  await showAll(widget);
  assert.deepEqual(sorted(await shownIds(widget)), sorted(expected));
}

test("the list pages long results: 20 cards, then 「さらに表示」 until all are shown", async () => {
  const { page, widget } = await openPage(stack, browser);
  await waitForCount(widget, groups.length);
  assert.equal(await widget.getByTestId("group-card").count(), 20);
  assert.equal(await widget.getByTestId("more").textContent(), `さらに20件を表示（残り${groups.length - 20}件）`);
  await showAll(widget);
  assert.equal(await widget.getByTestId("group-card").count(), groups.length);
  assert.equal(await widget.getByTestId("more").count(), 0);
  await page.close();
});

test("category filter: テーマ「ギャンブル」 shows exactly the gambling groups, with its count", async () => {
  const { page, widget } = await openFilters();
  const expected = ids((g) => g.categories.includes("gambling"));
  assert.equal(await tick(widget, "filter-category", "ギャンブル"), expected.length);
  await expectShown(widget, expected);
  // A second category widens ("any of").
  await tick(widget, "filter-category", "アルコール");
  await expectShown(widget, ids((g) => g.categories.some((c) => c === "gambling" || c === "alcohol")));
  await page.close();
});

test("area filter: a prefecture, then one of its cities, then online", async () => {
  const { page, widget } = await openFilters();
  const inPerson = (g) => g.format !== "online";
  await pick(widget.getByTestId("area"), "神奈川県");
  await expectShown(widget, ids((g) => inPerson(g) && placeOf(g)?.prefecture === "神奈川県"));
  await pick(widget.getByTestId("city"), "川崎市多摩区");
  await expectShown(widget, ids((g) => inPerson(g) && placeOf(g)?.city === "川崎市多摩区"));
  await pick(widget.getByTestId("area"), "オンライン");
  await expectShown(widget, ids((g) => g.format !== "in_person"));
  assert.equal(await widget.getByTestId("city").count(), 0, "online has no cities");
  await page.close();
});

test("format filter: オンライン includes hybrid groups", async () => {
  const { page, widget } = await openFilters();
  await tick(widget, "filter-format", "オンライン");
  await expectShown(widget, ids((g) => g.format === "online" || g.format === "hybrid"));
  await page.close();
});

test("audience filter: 家族 includes groups for anyone", async () => {
  const { page, widget } = await openFilters();
  await tick(widget, "filter-audience", "家族");
  await expectShown(widget, ids((g) => g.audience.includes("family") || g.audience.includes("anyone")));
  await page.close();
});

test("participation options must all hold: 匿名 and カメラオフ", async () => {
  const { page, widget } = await openFilters();
  const options = await widget.getByTestId("filter-option").getByRole("checkbox").evaluateAll((els) =>
    els.map((e) => e.parentElement.textContent),
  );
  assert.ok(options.length >= 5, `${options}`);
  await tick(widget, "filter-option", "匿名");
  await expectShown(widget, ids((g) => g.options.includes("anonymous")));
  await tick(widget, "filter-option", "カメラオフ");
  await expectShown(widget, ids((g) => g.options.includes("anonymous") && g.options.includes("camera_off")));
  await page.close();
});

test("cost filter: 無料 keeps free and donation groups", async () => {
  const { page, widget } = await openFilters();
  await widget.getByTestId("filter-free").getByRole("checkbox").check();
  await expectShown(widget, ids((g) => g.cost?.kind === "free" || g.cost?.kind === "donation"));
  await page.close();
});

test("weekday filter reads monthly rules: 土曜日 finds 第2土曜日's 家族の会, not a Wednesday walk", async () => {
  const { page, widget } = await openFilters();
  const expected = ids((g) => lookahead(g).some((m) => weekdayOf(m.date) === 6));
  assert.equal(await tick(widget, "filter-weekday", "土曜日"), expected.length, "the count beside 土曜日");
  await expectShown(widget, expected);
  assert.ok(expected.includes("noborito-ga-family"), "第2土曜日 meets on Saturdays");
  assert.ok(expected.includes("naniwa-gambling"), "毎週土曜日");
  assert.ok(!expected.includes("hidamari-walking"), "毎週水曜日 does not");
  await page.close();
});

test("time-of-day filter: 夜間 finds evening meetings only", async () => {
  const { page, widget } = await openFilters();
  // 夜間: a meeting starting at 17:00 or later.
  const expected = ids((g) => lookahead(g).some((m) => startHour(m) >= 17));
  assert.equal(await tick(widget, "filter-time", "夜間"), expected.length, "the count beside 夜間");
  await expectShown(widget, expected);
  for (const id of ["noborito-aa", "yasumiba-family", "naniwa-gambling"]) assert.ok(expected.includes(id), id);
  for (const id of ["hidamari-walking", "noborito-ga-family"]) assert.ok(!expected.includes(id), id);
  await page.close();
});

test("an empty result offers to loosen the condition that would bring groups back; 「クリア」 resets", async () => {
  const { page, widget } = await openFilters();
  const fridays = await tick(widget, "filter-weekday", "金曜日");
  await waitForCount(widget, fridays);
  await widget.getByRole("searchbox").fill("ウォーキング");
  await widget.getByTestId("no-results").waitFor();
  // Each condition that would bring groups back, with how many: the walk meets on
  // Wednesdays (1 without the weekday); other groups meet on Fridays (without the keyword).
  const offers = await widget.getByTestId("loosen").allTextContents();
  assert.deepEqual(offers, [
    `「キーワード」の条件を外す（${fridays}件）`,
    "「曜日」の条件を外す（1件）",
  ]);
  await widget.getByTestId("loosen").filter({ hasText: "曜日" }).click();
  await waitForCount(widget, 1);
  assert.equal(await widget.getByTestId("filter-weekday").getByRole("checkbox", { name: /^金曜日/ }).isChecked(), false);
  await widget.getByTestId("clear-all").click();
  await waitForCount(widget, groups.length);
  assert.equal(await widget.getByRole("searchbox").inputValue(), "");
  await page.close();
});

test("a group's detail: the rule in words, the next five dates, place, contact, .ics and the inquiry", async () => {
  const { page, widget } = await openPage(stack, browser);
  await widget.getByRole("searchbox").fill("家族の会");
  await widget.locator('[data-group="noborito-ga-family"]').getByTestId("open-group").click();
  const detail = widget.getByTestId("group-detail");
  await detail.waitFor();
  // Focus moves to the title (on the frame after the detail is placed), so a screen reader
  // starts there.
  await page.waitForFunction(() => document.querySelector("[data-tsunagu]").shadowRoot.activeElement?.dataset.testid === "detail-title", null, { timeout: 2_000 });
  assert.equal(await detail.getByTestId("detail-title").textContent(), "ギャンブルの問題を考える家族の会");
  assert.match(await detail.getByTestId("detail-schedule").textContent(), /^毎月第2土曜日 14:00〜16:00（祝日は休み）/);
  // 第2土曜日 from 2026-11-25: 12/12, 1/9, 2/13, 3/13, 4/10 (April 2027 begins on a Thursday).
  assert.deepEqual(await detail.getByTestId("next-dates").locator("li").allTextContents(), [
    "12月12日(土) 14:00〜16:00",
    "1月9日(土) 14:00〜16:00",
    "2月13日(土) 14:00〜16:00",
    "3月13日(土) 14:00〜16:00",
    "4月10日(土) 14:00〜16:00",
  ]);
  assert.match(await detail.getByTestId("detail-place").textContent(), /^神奈川県川崎市多摩区/);
  assert.match(await detail.getByTestId("detail-cost").textContent(), /200円/);
  // The calendar file comes from the worker: one monthly-by-position rule in Tokyo time, to
  // download or to subscribe to (the same address as webcal, so later changes follow).
  const href = await detail.getByTestId("add-to-calendar").getAttribute("href");
  assert.equal(href, `${stack.workerOrigin}/v2/groups/noborito-ga-family/calendar.ics?download=1`);
  const file = await fetch(href);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get("content-disposition"), 'attachment; filename="noborito-ga-family.ics"');
  const ics = await file.text();
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /RRULE:FREQ=MONTHLY;BYDAY=2SA/);
  // DTSTART is the first meeting from the worker's own today: a second Saturday at 14:00.
  const [, y, m, d] = ics.match(/DTSTART;TZID=Asia\/Tokyo:(\d{4})(\d{2})(\d{2})T140000/) ?? [];
  const start = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  assert.equal(start.getUTCDay(), 6, "a Saturday");
  assert.ok(start.getUTCDate() >= 8 && start.getUTCDate() <= 14, "the second of its month");
  assert.equal(
    await detail.getByTestId("subscribe-calendar").getAttribute("href"),
    `${stack.workerOrigin.replace(/^http:/, "webcal:")}/v2/groups/noborito-ga-family/calendar.ics`,
  );
  // The inquiry form opens for this group.
  await detail.getByTestId("inquire").click();
  const form = widget.getByTestId("inquiry-form");
  await form.getByTestId("inquiry-fields").waitFor();
  assert.equal(await form.getByTestId("form-title").textContent(), "「ギャンブルの問題を考える家族の会」へのお問い合わせ");
  // The dates offered are this group's meetings.
  assert.equal(await form.getByTestId("preferred").locator("label").first().textContent(), "12月12日(土) 14:00〜");
  await page.close();
});

test("the month calendar shows each meeting on its real date, marks holidays, and links to the group", async () => {
  const { page, widget } = await openPage(stack, browser);
  await widget.getByRole("searchbox").fill("家族の会");
  await widget.getByTestId("view-calendar").click();
  const calendar = widget.getByTestId("calendar");
  // The worker sends the month; its count shows once it is here.
  await calendar.getByTestId("month-count").waitFor();
  assert.equal(await calendar.getByTestId("month-title").textContent(), "2026年11月");
  // 11/23 is 勤労感謝の日: marked in the grid.
  assert.match(await calendar.locator('td[data-date="2026-11-23"]').textContent(), /勤労感謝の日/);
  await calendar.getByTestId("next-month").click();
  await calendar.getByTestId("month-title").filter({ hasText: "2026年12月" }).waitFor();
  await calendar.getByTestId("month-count").waitFor();
  const cell = calendar.locator('td[data-date="2026-12-12"]');
  assert.ok(
    (await cell.getByTestId("calendar-meeting").evaluateAll((els) => els.map((e) => e.dataset.group))).includes("noborito-ga-family"),
  );
  // Not on the other Saturdays of December.
  for (const day of ["2026-12-05", "2026-12-19", "2026-12-26"]) {
    const others = await calendar.locator(`td[data-date="${day}"]`).getByTestId("calendar-meeting").evaluateAll((els) => els.map((e) => e.dataset.group));
    assert.ok(!others.includes("noborito-ga-family"), day);
  }
  await cell.locator('[data-group="noborito-ga-family"]').click();
  await widget.getByTestId("group-detail").waitFor();
  await page.close();
});

test("the month calendar's data fails to load: a message with a retry that works, the list untouched", async () => {
  const { page, widget } = await openPage(stack, browser);
  await page.route(`${stack.workerOrigin}/v2/month*`, (route) => route.abort("connectionrefused"));
  await widget.getByTestId("view-calendar").click();
  const calendar = widget.getByTestId("calendar");
  const alert = calendar.getByTestId("load-error");
  await alert.waitFor();
  assert.match(await alert.textContent(), /通信できませんでした/);
  assert.equal(await calendar.getByTestId("calendar-meeting").count(), 0);
  await page.unroute(`${stack.workerOrigin}/v2/month*`);
  await alert.getByRole("button", { name: "もう一度読み込む" }).click();
  await calendar.getByTestId("month-count").waitFor();
  assert.ok((await calendar.getByTestId("calendar-meeting").count()) > 0);
  await widget.getByTestId("view-list").click();
  await widget.getByTestId("group-card").first().waitFor();
  await page.close();
});

test("a part of the widget that fails to download: the list stays, the part says so with the phone, and its retry opens it", async () => {
  // The detail is a part of the wasm fetched on first use (and ahead of it when the browser is
  // idle): refuse it, prefetch included, until the visitor retries.
  let refuse = true;
  const fetched = [];
  const { page, widget, problems } = await openPage(stack, browser, "/", {
    before: (page) =>
      page.route("**/widget/split_detail.wasm", (route) => {
        fetched.push(refuse ? "refused" : "served");
        return refuse ? route.abort("connectionrefused") : route.continue();
      }),
  });
  await widget.getByTestId("group-card").first().getByTestId("open-group").click();
  const alert = widget.getByTestId("load-error");
  await alert.waitFor();
  assert.match(await alert.textContent(), /この画面を読み込めませんでした/);
  assert.match(await alert.getByTestId("phone-fallback").textContent(), /044-000-1234/);
  assert.equal(await widget.getByTestId("group-detail").count(), 0);
  refuse = false;
  await alert.getByRole("button", { name: "もう一度読み込む" }).click();
  await widget.getByTestId("group-detail").waitFor();
  assert.equal(await widget.getByTestId("load-error").count(), 0);
  assert.ok(fetched.includes("refused") && fetched.at(-1) === "served", fetched.join());
  // The other parts were not held back, and the list is where the visitor left it.
  await widget.getByTestId("back").click();
  await widget.getByTestId("view-calendar").click();
  await widget.getByTestId("calendar").getByTestId("month-count").waitFor();
  // What the browser and the parts' loader log for the refused download, and nothing else.
  const refused = /^(Failed to load resource: net::ERR_CONNECTION_REFUSED|TypeError: Failed to fetch\n[^]*__wasm_split\.js)/;
  assert.deepEqual(problems.filter((p) => !refused.test(p)), []);
  await page.close();
});

test("the parts are fetched once the first list is shown, before the visitor opens one", async () => {
  const parts = [];
  const { page, widget } = await openPage(stack, browser, "/", {
    before: (page) => page.on("request", (r) => /\/widget\/split_\w+\.wasm$/.test(r.url()) && parts.push(new URL(r.url()).pathname)),
  });
  await widget.getByTestId("group-card").first().waitFor();
  // Idle prefetch: nothing clicked, yet the filters, detail, calendar and form arrive.
  for (const deadline = Date.now() + 10_000; new Set(parts).size < 4 && Date.now() < deadline; ) await page.waitForTimeout(100);
  assert.deepEqual([...new Set(parts)].sort(), [
    "/widget/split_calendar.wasm",
    "/widget/split_detail.wasm",
    "/widget/split_filters.wasm",
    "/widget/split_form.wasm",
  ]);
  await page.close();
});

test("an exception date drops one meeting from the calendar: ウォーキング (水) meets every December Wednesday but the 30th", async () => {
  const { page, widget } = await openPage(stack, browser);
  await widget.getByRole("searchbox").fill("ウォーキング");
  await widget.getByTestId("view-calendar").click();
  const calendar = widget.getByTestId("calendar");
  await calendar.getByTestId("next-month").click();
  await calendar.getByTestId("month-title").filter({ hasText: "2026年12月" }).waitFor();
  await calendar.getByTestId("month-count").waitFor();
  const wednesdays = await calendar.locator("td").evaluateAll((tds) =>
    tds.filter((td) => td.querySelector('[data-group="hidamari-walking"]')).map((td) => td.dataset.date),
  );
  // Every Wednesday of December except the 30th (an exception in the data).
  assert.deepEqual(wednesdays, ["2026-12-02", "2026-12-09", "2026-12-16", "2026-12-23"]);
  await page.close();
});

test("a holiday cancels a meeting: 第2・4月曜日 skips 2027-01-11 (成人の日) in the detail and the calendar", async () => {
  const group = groups.find((g) => g.id === "hidamari-business-gw");
  // The data says so: the rule falls on the holiday, and the group skips holidays.
  assert.ok(group.schedule.skip_holidays);
  assert.ok(ruleMeets(group.schedule.rules[0], "2027-01-11", group.schedule.starts), "2027-01-11 is a second Monday");
  const coming = meetingsBetween(group, FEED_DAY, "2027-03-31");
  assert.ok(!coming.some((m) => m.date === "2027-01-11"));
  const label = ({ date, start, end }) => {
    const [, m, d] = date.split("-").map(Number);
    return `${m}月${d}日(${"日月火水木金土"[weekdayOf(date)]}) ${start}〜${end}`;
  };

  const { page, widget } = await openPage(stack, browser);
  await widget.getByRole("searchbox").fill("ビジネス");
  await widget.locator('[data-group="hidamari-business-gw"]').getByTestId("open-group").click();
  const detail = widget.getByTestId("group-detail");
  await detail.waitFor();
  assert.match(await detail.getByTestId("detail-schedule").textContent(), /（祝日は休み）/);
  // From the page's clock (2026-11-25 14:00): 12/14, 12/28, then 1/25, the 11th skipped.
  const nextDates = await detail.getByTestId("next-dates").locator("li").allTextContents();
  assert.deepEqual(nextDates, coming.slice(0, 5).map(label));
  assert.deepEqual(nextDates.slice(0, 3), ["12月14日(月) 10:00〜12:00", "12月28日(月) 10:00〜12:00", "1月25日(月) 10:00〜12:00"]);
  await widget.getByTestId("back").click();

  await widget.getByTestId("view-calendar").click();
  const calendar = widget.getByTestId("calendar");
  await calendar.getByTestId("month-count").waitFor();
  for (const month of ["2026年12月", "2027年1月"]) {
    await calendar.getByTestId("next-month").click();
    await calendar.getByTestId("month-title").filter({ hasText: month }).waitFor();
  }
  await calendar.getByTestId("month-count").waitFor();
  const holiday = calendar.locator('td[data-date="2027-01-11"]');
  assert.match(await holiday.textContent(), /成人の日/);
  const meetingDays = await calendar.locator("td").evaluateAll((tds) =>
    tds.filter((td) => td.querySelector('[data-group="hidamari-business-gw"]')).map((td) => td.dataset.date),
  );
  assert.deepEqual(meetingDays, coming.filter((m) => m.date.startsWith("2027-01-")).map((m) => m.date));
  assert.deepEqual(meetingDays, ["2027-01-25"]);
  await page.close();
});

test("deep link: filters, view and the open group survive a reload", async () => {
  const { page, widget } = await openFilters();
  await tick(widget, "filter-category", "ギャンブル");
  await widget.getByRole("searchbox").fill("家族");
  await waitForCount(widget, ids((g) => g.categories.includes("gambling") && /家族/.test(g.name + (g.summary ?? "") + (g.description ?? ""))).length);
  await widget.locator('[data-group="noborito-ga-family"]').getByTestId("open-group").click();
  await widget.getByTestId("group-detail").waitFor();
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("tsunagu.cat"), "gambling");
  assert.equal(url.searchParams.get("tsunagu.q"), "家族");
  assert.equal(url.searchParams.get("tsunagu.g"), "noborito-ga-family");
  await page.reload();
  await widget.getByTestId("group-detail").waitFor();
  assert.equal(await widget.getByTestId("detail-title").textContent(), "ギャンブルの問題を考える家族の会");
  await widget.getByTestId("back").click();
  await widget.getByTestId("group-list").waitFor();
  assert.equal(await widget.getByRole("searchbox").inputValue(), "家族");
  assert.equal(await widget.getByTestId("filter-category").getByRole("checkbox", { name: /^ギャンブル/ }).isChecked(), true);
  await page.close();
});

test("Back closes the detail, then undoes the last filter; the host page's own parameters stay", async () => {
  const { page, widget } = await openFilters("/?page=2#contact");
  await tick(widget, "filter-format", "オンライン");
  const online = ids((g) => g.format !== "in_person");
  await waitForCount(widget, online.length);
  await widget.getByTestId("group-card").first().getByTestId("open-group").click();
  await widget.getByTestId("group-detail").waitFor();
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("page"), "2");
  assert.equal(url.hash, "#contact");
  await page.goBack();
  await widget.getByTestId("group-list").waitFor();
  await waitForCount(widget, online.length);
  // Focus lands on the count heading, on the frame after the list is shown again.
  const focusIs = (id) => document.querySelector("[data-tsunagu]").shadowRoot.activeElement?.dataset.testid === id;
  await page.waitForFunction(focusIs, "result-count", { timeout: 2_000 }).catch(() => {});
  assert.ok(await page.evaluate(focusIs, "result-count"), "focus on the count heading");
  await page.goBack();
  await waitForCount(widget, groups.length);
  assert.equal(new URL(page.url()).search, "?page=2");
  await page.close();
});

test("two instances on one page: each keeps its own scope, language, filters and URL parameters", async () => {
  const { page, problems } = await openPage(stack, browser, "/partner.html", { wait: null });
  const kanagawa = page.locator('[data-id="kanagawa"]');
  const online = page.locator('[data-id="online"]');
  await kanagawa.getByTestId("group-card").first().waitFor();
  await online.getByTestId("group-card").first().waitFor();
  // Scoped to Kanagawa (in person), ten a page; no inquiry form in this instance.
  const inKanagawa = ids((g) => g.format !== "online" && placeOf(g)?.prefecture === "神奈川県");
  await waitForCount(kanagawa, inKanagawa.length);
  await showAll(kanagawa);
  assert.deepEqual(sorted(await shownIds(kanagawa)), inKanagawa);
  // English, online only, five a page.
  const fromHome = ids((g) => g.format !== "in_person");
  await waitForCount(online, fromHome.length);
  assert.equal(await online.getByTestId("group-card").count(), 5);
  assert.equal(await online.getByRole("searchbox", { name: "Search by keyword" }).count(), 1);
  // Searching one leaves the other alone, and each writes its own parameter.
  await online.getByRole("searchbox").fill("english");
  await online.getByTestId("result-count").filter({ hasNotText: `${fromHome.length} groups` }).waitFor();
  assert.equal(await kanagawa.getByRole("searchbox").inputValue(), "");
  await waitForCount(kanagawa, inKanagawa.length);
  await kanagawa.getByTestId("group-card").first().getByTestId("open-group").click();
  await kanagawa.getByTestId("group-detail").waitFor();
  assert.equal(await kanagawa.getByTestId("inquire").count(), 0, "data-view=finder has no form");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("online.q") === "english");
  const params = new URL(page.url()).searchParams;
  assert.ok(params.get("kanagawa.g"));
  assert.equal(params.get("kanagawa.q"), null);
  // The theme custom property reaches the shadow root.
  const accent = await kanagawa.getByTestId("back").evaluate((el) => getComputedStyle(el).color);
  assert.equal(accent, "rgb(11, 110, 79)");
  assert.deepEqual(problems, []);
  await page.close();
});

test("English mode: labels, counts and dates in English, Japanese dates nowhere", async () => {
  const { page } = await openPage(stack, browser, "/partner.html", { wait: null });
  const online = page.locator('[data-id="online"]');
  await online.getByTestId("group-card").first().waitFor();
  assert.equal(await online.getByRole("button", { name: "Filter" }).count(), 1);
  assert.equal(await online.getByRole("button", { name: "Calendar" }).count(), 1);
  const freespace = online.locator('[data-group="yasumiba-freespace"]');
  assert.equal(await freespace.getByTestId("next-date").textContent(), "Wed 25 Nov, 13:00–21:00");
  assert.equal(await freespace.getByTestId("in-progress").textContent(), "Happening now");
  assert.equal(await freespace.getByTestId("format").textContent(), "FormatOnline");
  const text = await online.locator(".tsunagu").textContent();
  assert.doesNotMatch(text, /[月日](\(|（)/);
  await page.close();
});

test("the host page hears tsunagu:ready, tsunagu:filter-change and tsunagu:inquiry-sent, with no personal data", async () => {
  const page = await browser.context.newPage();
  await page.clock.setFixedTime(new Date("2026-11-25T14:00:00+09:00"));
  await page.addInitScript(() => {
    window.heard = [];
    for (const name of ["tsunagu:ready", "tsunagu:filter-change", "tsunagu:inquiry-sent"]) {
      document.addEventListener(name, (e) => window.heard.push({ name, target: e.target.dataset.id ?? "", detail: e.detail }));
    }
  });
  await page.goto(`${stack.demoOrigin}/`);
  const widget = page.locator("[data-tsunagu]");
  await widget.getByTestId("group-card").first().waitFor();
  await widget.getByTestId("filters-toggle").click();
  await tick(widget, "filter-category", "就労移行");
  await widget.getByRole("searchbox").fill("ウォーキング");
  await waitForCount(widget, 1);
  await widget.getByTestId("open-group").click();
  await widget.getByTestId("inquire").click();
  const form = widget.getByTestId("inquiry-form");
  await form.getByLabel(/お名前（ニックネーム可）/).fill("ひみつの名前");
  await form.getByLabel(/メールアドレス/).fill("secret@example.jp");
  await form.getByLabel(/お問い合わせ内容/).fill("とても個人的な相談です");
  await form.getByLabel(/同意します/).check();
  // A person takes a while: the page's clock moves on a minute before the form is sent.
  await page.clock.setFixedTime(new Date("2026-11-25T14:01:00+09:00"));
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByRole("button", { name: "送信する" }).click();
  const receipt = (await widget.getByTestId("receipt-id").textContent()).trim();
  const heard = await page.evaluate(() => window.heard);
  const ready = heard.filter((e) => e.name === "tsunagu:ready");
  assert.deepEqual(ready.map((e) => e.detail), [{ instance: "tsunagu", groups: groups.length }]);
  const changes = heard.filter((e) => e.name === "tsunagu:filter-change");
  assert.ok(changes.some((e) => e.detail.filter.cat === "employment_transition"), JSON.stringify(changes));
  const last = changes.at(-1).detail;
  assert.equal(last.results, 1);
  const sent = heard.filter((e) => e.name === "tsunagu:inquiry-sent");
  assert.deepEqual(sent.map((e) => e.detail), [{ instance: "tsunagu", receipt, kind: "visit", group: "hidamari-walking" }]);
  const everything = JSON.stringify(heard);
  for (const secret of ["ひみつの名前", "secret@example.jp", "個人的", "ウォーキング"]) {
    assert.ok(!everything.includes(secret), `${secret} reached the host page`);
  }
  await page.close();
});

test("while the directory loads a skeleton shows, marked busy", async () => {
  const page = await browser.context.newPage();
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await page.route(`${stack.workerOrigin}/v2/feed*`, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${stack.demoOrigin}/`);
  const widget = page.locator("[data-tsunagu]");
  await widget.getByTestId("loading").waitFor();
  assert.equal(await widget.locator("section.widget").getAttribute("aria-busy"), "true");
  assert.equal(await widget.getByRole("status").first().textContent(), "グループを読み込んでいます…");
  release();
  await widget.getByTestId("group-card").first().waitFor();
  assert.equal(await widget.locator("section.widget").getAttribute("aria-busy"), "false");
  await page.close();
});
