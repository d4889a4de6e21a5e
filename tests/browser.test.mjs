// The whole chain in a real browser: the demo facility page (hostile CSS, one script tag) →
// the Leptos widget in its shadow root → the worker in workerd → KV and an .eml file.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { launchBrowser } from "./support/browser.mjs";
import { startStack } from "./support/stack.mjs";
import { CLOCK, FEED_AT, showAll } from "./support/widget.mjs";

const demoData = JSON.parse(readFileSync(new URL("../demo/data/directory.json", import.meta.url)));
const allGroups = `${demoData.groups.length}件のグループ`;

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

/** Opens the demo page; `clock` (an ISO instant) fixes the page's time before it loads. */
async function openDemo({ clock } = {}) {
  const page = await browser.context.newPage();
  if (clock) await page.clock.setFixedTime(new Date(clock));
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${stack.demoOrigin}/`);
  const widget = page.locator("[data-tsunagu]");
  await widget.getByTestId("group-card").first().waitFor({ state: "visible" });
  return { page, widget, problems };
}

test("the widget renders in its own shadow root, untouched by the host page's CSS", async () => {
  const { page, widget, problems } = await openDemo();
  const probe = await page.evaluate(() => {
    const host = document.querySelector("[data-tsunagu]");
    const root = host.shadowRoot;
    const title = root.querySelector(".card-title");
    const button = root.querySelector("[data-testid=view-list]");
    const style = (el) => getComputedStyle(el);
    const hostH3 = document.querySelector("article h3");
    return {
      hasShadow: root !== null,
      lightDomHidden: host.querySelector("p").getClientRects().length === 0,
      titleFont: style(title).fontFamily,
      titleColor: style(title).color,
      titleSize: style(title).fontSize,
      titleDisplay: style(title).display,
      titleStyle: style(title).fontStyle,
      bodyAlign: style(root.querySelector(".tsunagu")).textAlign,
      letterSpacing: style(title).letterSpacing,
      buttonHeight: button.getBoundingClientRect().height,
      buttonBackground: style(button).backgroundColor,
      hostH3Color: style(hostH3).color,
      hostH3Font: style(hostH3).fontFamily,
    };
  });
  assert.ok(probe.hasShadow);
  assert.ok(probe.lightDomHidden, "the fallback content should give way to the widget");
  // The host page really is hostile…
  assert.equal(probe.hostH3Color, "rgb(194, 24, 91)");
  assert.match(probe.hostH3Font, /Times New Roman/);
  // …and none of it reaches the widget.
  assert.doesNotMatch(probe.titleFont, /Times New Roman/);
  assert.match(probe.titleFont, /Noto Sans CJK JP/);
  assert.equal(probe.titleColor, "rgb(31, 41, 51)");
  assert.equal(probe.titleSize, "17.6px", "1.1em of 16px, not the host's rem");
  assert.equal(probe.titleStyle, "normal");
  assert.equal(probe.titleDisplay, "block");
  assert.equal(probe.bodyAlign, "left");
  assert.equal(probe.letterSpacing, "normal");
  assert.ok(probe.buttonHeight >= 44, `touch target ${probe.buttonHeight}px`);
  assert.equal(probe.buttonBackground, "rgb(11, 83, 148)");
  assert.ok(await widget.getByRole("heading", { name: allGroups }).isVisible());
  assert.deepEqual(problems, []);
  await page.close();
});

/** What the host page holds outside any shadow root that the widget could add to: its
 *  stylesheets (linked or inline, with where each comes from), the sheets adopted by the
 *  document, and the names of its globals. */
const hostFootprint = (page) =>
  page.evaluate(() => ({
    styleSheets: [...document.styleSheets].map((s) => s.href ?? s.ownerNode?.outerHTML ?? "(no owner)"),
    styleElements: [...document.querySelectorAll('style, link[rel~="stylesheet"]')].map((el) => el.outerHTML),
    adoptedStyleSheets: document.adoptedStyleSheets.length,
    globals: Object.getOwnPropertyNames(window).sort(),
  }));

test("the widget adds no stylesheet, adopted sheet or global to the host page", async () => {
  // The same page without the widget: the loader's request fails, so nothing of it runs.
  const bare = await browser.context.newPage();
  await bare.route("**/widget/tsunagu.js", (route) => route.abort("connectionrefused"));
  await bare.goto(`${stack.demoOrigin}/`, { waitUntil: "load" });
  const before = await hostFootprint(bare);
  await bare.close();
  assert.ok(before.globals.length > 100 && before.styleSheets.length > 0, JSON.stringify(before).slice(0, 300));

  // With the widget, after every part of it has run: list, filters, calendar, detail, form.
  const { page, widget, problems } = await openDemo();
  await widget.getByTestId("filters-toggle").click();
  await widget.getByTestId("filters").getByRole("checkbox").first().waitFor();
  await widget.getByTestId("view-calendar").click();
  await widget.getByTestId("calendar").getByTestId("month-count").waitFor();
  await widget.getByTestId("view-list").click();
  await widget.getByTestId("group-card").first().getByTestId("open-group").click();
  await widget.getByTestId("inquire").click();
  await widget.getByTestId("inquiry-fields").waitFor();
  const after = await hostFootprint(page);
  assert.deepEqual(after.styleSheets, before.styleSheets, "stylesheets added to the host page");
  assert.deepEqual(after.styleElements, before.styleElements, "style or stylesheet link elements added to the host page");
  assert.equal(after.adoptedStyleSheets, 0, "sheets adopted by the host document");
  const added = after.globals.filter((name) => !before.globals.includes(name));
  assert.deepEqual(added, [], "globals added to the host page");
  assert.deepEqual(problems, []);
  await page.close();
});

test("typing a filter shrinks the list, whatever the kana or width", async () => {
  const { page, widget } = await openDemo();
  const cards = widget.getByTestId("group-card");
  assert.equal(await cards.count(), 20, "the first page");
  const search = widget.getByRole("searchbox", { name: "キーワードでさがす" });
  const shown = () => cards.evaluateAll((els) => els.map((e) => e.dataset.group));
  // The count heading by its whole name: "1件のグループ" must not match "11件のグループ".
  const heading = (name) => widget.getByRole("heading", { name, exact: true });
  // Each spelling starts from the whole list, so the count it waits for is that spelling's own
  // answer, not the one the previous spelling left on the page.
  const searchFor = async (query) => {
    await search.fill("");
    await heading(allGroups).waitFor();
    await search.fill(query);
  };
  for (const query of ["ウォーキング", "うぉーきんぐ", "ｳｫｰｷﾝｸﾞ"]) {
    await searchFor(query);
    await heading("1件のグループ").waitFor();
    assert.deepEqual(await shown(), ["hidamari-walking"], query);
  }
  // Every spelling of gambling finds the same groups.
  await searchFor("ギャンブル");
  await heading(allGroups).waitFor({ state: "detached" });
  const gambling = await shown();
  assert.ok(gambling.length >= 2 && gambling.includes("noborito-ga-family"), `${gambling}`);
  for (const query of ["ぎゃんぶる", "ｷﾞｬﾝﾌﾞﾙ", "gambling", "ＧＡＭＢＬＩＮＧ"]) {
    await searchFor(query);
    await heading(`${gambling.length}件のグループ`).waitFor();
    // The same groups; the order differs where the names hold one spelling and not the other.
    assert.deepEqual((await shown()).sort(), [...gambling].sort(), query);
  }
  await searchFor("該当しないことば");
  await widget.getByTestId("no-results").waitFor();
  assert.equal(await cards.count(), 0);
  await search.fill("");
  await heading(allGroups).waitFor();
  await page.close();
});

test("what visitors type: a fellowship's abbreviation, romaji, another spelling, a name first", async () => {
  const { page, widget } = await openDemo();
  const cards = widget.getByTestId("group-card");
  const search = widget.getByRole("searchbox", { name: "キーワードでさがす" });
  const shown = () => cards.evaluateAll((els) => els.map((e) => e.dataset.group));
  const heading = (name) => widget.getByRole("heading", { name, exact: true });
  const searchFor = async (query, count) => {
    await search.fill("");
    await heading(allGroups).waitFor();
    await search.fill(query);
    await heading(`${count}件のグループ`).waitFor();
    return (await shown()).sort();
  };
  // AA leads to the alcohol meetings, not to the families' group; no name says "AA".
  assert.deepEqual(await searchFor("AA", 4), ["naniwa-alcohol", "naniwa-open-en", "naniwa-women", "noborito-aa"]);
  assert.deepEqual(await searchFor("アラノン", 1), ["naniwa-alcohol-family"]);
  // Two letters count where a word starts ("Gambling", "Gaming"), never inside one ("Kanagawa").
  assert.deepEqual(await searchFor("GA", 6), [
    "hakata-net-oyakai", "naniwa-gambling", "naniwa-gambling-family", "naniwa-women", "nishiyama-gaming", "noborito-ga-family",
  ]);
  // Romaji, typed without a Japanese input method, finds the names it spells.
  assert.deepEqual(await searchFor("gyanburu", 3), ["naniwa-gambling", "naniwa-gambling-family", "noborito-ga-family"]);
  // The kanji spelling finds the groups that write it in kana.
  const kana = await searchFor("ひきこもり", 24);
  assert.deepEqual(await searchFor("引きこもり", 24), kana);
  // A name that holds the query comes before a description that does.
  await search.fill("");
  await heading(allGroups).waitFor();
  await search.fill("家族");
  await heading(allGroups).waitFor({ state: "detached" });
  const titles = await widget.getByTestId("open-group").allTextContents();
  const firstElsewhere = titles.findIndex((t) => !t.includes("家族"));
  assert.ok(firstElsewhere > 0, `${titles}`);
  assert.ok(titles.slice(firstElsewhere).every((t) => !t.includes("家族")), `${titles}`);
  await page.close();
});

test("cards show the real next meeting of a monthly rule, soonest first, and 開催中 while it runs", async () => {
  // Wednesday 2026-11-25 14:00 in Tokyo: the 4th Wednesday, so フリースペース (第2・3・4水曜日
  // 13:00〜21:00) is under way; a weekly rule would have said the same of every Wednesday.
  const { page, widget } = await openDemo({ clock: "2026-11-25T14:00:00+09:00" });
  await showAll(widget);
  const card = widget.locator('[data-group="yasumiba-freespace"]');
  assert.equal(await card.getByTestId("next-date").textContent(), "11月25日(水) 13:00〜21:00");
  assert.equal(await card.getByTestId("in-progress").textContent(), "開催中");
  assert.equal(
    await card.getByTestId("schedule").textContent(),
    "日程毎月第2・3・4水曜日 13:00〜21:00、毎月第1土曜日 10:00〜18:00（2027年1月2日は休み、祝日は休み）",
  );
  // 家族の会 meets on the 2nd Saturday: the next one after 11/25 is 12/12, not 11/28.
  const family = widget.locator('[data-group="noborito-ga-family"]');
  assert.equal(await family.getByTestId("next-date").textContent(), "12月12日(土) 14:00〜16:00");
  assert.equal(await family.getByTestId("in-progress").count(), 0);
  // Cards are ordered by next meeting: in-progress ones first, then ascending dates.
  const order = await widget.getByTestId("group-card").evaluateAll((els) =>
    els.map((e) => ({
      live: !!e.querySelector('[data-testid="in-progress"]'),
      next: e.querySelector('[data-testid="next-date"]')?.textContent ?? null,
    })),
  );
  const key = ({ next }) => {
    if (!next) return "9999";
    const [, m, d, time] = next.match(/^(\d+)月(\d+)日\(.\) (\d+:\d+)/);
    // November and December are 2026, the rest 2027 (the clock is 2026-11-25).
    const year = Number(m) >= 11 ? 2026 : 2027;
    return `${year}-${m.padStart(2, "0")}-${d.padStart(2, "0")} ${time.padStart(5, "0")}`;
  };
  const keys = order.map(key);
  assert.deepEqual([...keys].sort(), keys, "cards are not in next-meeting order");
  assert.ok(order[0].live, "the meeting under way is listed first");
  // By-appointment groups come last, with no date.
  assert.equal(order.at(-1).next, null);
  await page.close();
});

test("a page left open: 開催中 appears when a meeting starts and goes when it ends, the next date moving on", async () => {
  // Wednesday 2026-11-25 in Tokyo: ウォーキングプログラム meets every Wednesday 10:00〜11:30. The
  // page's clock is moved while the page stays open; the widget looks at it every 10 s.
  const { page, widget } = await openDemo({ clock: "2026-11-25T09:59:00+09:00" });
  await widget.getByRole("searchbox").fill("ウォーキング");
  const card = widget.locator('[data-group="hidamari-walking"]');
  await card.waitFor();
  assert.equal(await card.getByTestId("next-date").textContent(), "11月25日(水) 10:00〜11:30");
  assert.equal(await card.getByTestId("in-progress").count(), 0);
  await page.clock.setFixedTime(new Date("2026-11-25T10:00:30+09:00"));
  await card.getByTestId("in-progress").waitFor({ timeout: 15_000 });
  assert.equal(await card.getByTestId("in-progress").textContent(), "開催中");
  await page.clock.setFixedTime(new Date("2026-11-25T11:30:30+09:00"));
  await card.getByTestId("next-date").filter({ hasText: "12月2日(水) 10:00〜11:30" }).waitFor({ timeout: 15_000 });
  assert.equal(await card.getByTestId("in-progress").count(), 0);
  await page.close();
});

test("an inquiry sent from the page shows its receipt, lands in KV and in a staff mail", async () => {
  const { page, widget } = await openDemo({ clock: CLOCK });
  await widget.getByRole("searchbox").fill("ウォーキング");
  await widget.getByRole("link", { name: "ウォーキングプログラム" }).click();
  await widget.getByRole("button", { name: "「ウォーキングプログラム」について問い合わせる" }).click();
  const form = widget.getByTestId("inquiry-form");
  await form.getByRole("heading", { name: "「ウォーキングプログラム」へのお問い合わせ" }).waitFor();

  // An empty form shows Japanese errors from core's validation and sends nothing: not even a
  // request (the worker would refuse it too, so the KV count alone proves little).
  const posts = [];
  page.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
  const before = Object.keys(await stack.kv("INQUIRIES")).length;
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("form-error").waitFor();
  assert.equal(await form.getByTestId("email-error").textContent(), "入力してください。");
  assert.equal(
    await form.getByTestId("consent-error").textContent(),
    "送信するには個人情報の取り扱いに同意してください。",
  );
  assert.equal(await form.getByLabel(/メールアドレス/).getAttribute("aria-invalid"), "true");
  assert.equal(Object.keys(await stack.kv("INQUIRIES")).length, before);
  assert.deepEqual(posts, []);

  await form.getByRole("radio", { name: "見学予約" }).check();
  await form.getByLabel(/お名前/).fill("そら");
  await form.getByLabel(/メールアドレス/).fill("sora@example.jp");
  await form.getByLabel(/お問い合わせ内容/).fill("来週の水曜日に見学できますか？");
  await form.getByLabel(/同意します/).check();
  // A person takes a while: the page's clock moves on a minute before the form is sent.
  await page.clock.setFixedTime(new Date(Date.parse(CLOCK) + 60_000));
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByRole("button", { name: "送信する" }).click();

  const receipt = (await widget.getByTestId("receipt-id").textContent()).trim();
  assert.equal(posts.length, 1, "exactly one POST for one inquiry");
  assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{8}$/);
  assert.ok(await widget.getByRole("heading", { name: "お問い合わせを受け付けました" }).isVisible());

  const stored = JSON.parse((await stack.kv("INQUIRIES"))[`inquiry/v1/hidamari-noborito/${receipt}`]);
  assert.equal(stored.inquiry.group, "hidamari-walking");
  assert.equal(stored.inquiry.kind, "visit");
  assert.equal(stored.inquiry.name, "そら");

  // The mail may leave after the answer (the outbox): wait for it, within bounds.
  let mail;
  for (let i = 0; i < 100 && !mail; i += 1) {
    mail = (await stack.mails()).find(
      (m) => m.parsed.subject.includes(receipt) && m.parsed.to.some((a) => a.address === "staff@hidamari.example.jp"),
    );
    if (!mail) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(mail, "no staff mail for the receipt");
  assert.equal(mail.parsed.subject, `【見学予約】ウォーキングプログラム 受付番号 ${receipt}`);
  assert.deepEqual(mail.parsed.replyTo.map((a) => a.address), ["sora@example.jp"]);
  assert.ok(mail.parsed.text.includes("来週の水曜日に見学できますか？"));

  // Back to the group, then to the list, which kept the search.
  await widget.getByRole("button", { name: "グループ一覧にもどる" }).first().click();
  await widget.getByTestId("group-detail").waitFor();
  await widget.getByTestId("back").click();
  assert.equal(await widget.getByRole("searchbox").inputValue(), "ウォーキング");
  await page.close();
});

test("an unreachable worker shows a clear message with the facility's phone", async () => {
  const page = await browser.context.newPage();
  await page.route(`${stack.workerOrigin}/v2/**`, (route) => route.abort("connectionrefused"));
  await page.goto(`${stack.demoOrigin}/`);
  const alert = page.locator("[data-tsunagu]").getByTestId("load-error");
  await alert.waitFor();
  assert.match(await alert.textContent(), /通信できませんでした/);
  assert.match(await alert.textContent(), /044-000-1234（月〜土 9:00〜17:00）/);
  await page.unroute(`${stack.workerOrigin}/v2/**`);
  await alert.getByRole("button", { name: "もう一度読み込む" }).click();
  await page.locator("[data-tsunagu]").getByTestId("group-card").first().waitFor();
  await page.close();
});

test("the directory downloads while the wasm is still on its way, once per instance", async () => {
  const page = await browser.context.newPage();
  // Hold the wasm back, so a directory request made only once the widget runs would start late.
  await page.route("**/tsunagu_widget_bg.wasm", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const groupsRequests = [];
  // The order in which the browser reports the two, seen from outside the page: the page's own
  // Resource Timing is unusable here, since a fixed clock (set by earlier tests on the shared
  // context) makes performance.getEntries* return nothing.
  const events = [];
  page.on("request", (r) => {
    if (r.url().includes("/v2/feed")) {
      groupsRequests.push(r.url());
      events.push("groups requested");
    }
  });
  page.on("requestfinished", (r) => r.url().endsWith("tsunagu_widget_bg.wasm") && events.push("wasm arrived"));
  await page.goto(`${stack.demoOrigin}/`);
  await page.locator("[data-tsunagu]").getByTestId("group-card").first().waitFor();
  // One request, started by the loader and used by the widget (a second would mean it was not).
  assert.deepEqual(groupsRequests, [`${stack.workerOrigin}/v2/feed`]);
  assert.deepEqual(events, ["groups requested", "wasm arrived"]);

  // The partner page's two instances share an address: the early response (a body is read
  // once) goes to the first, the second fetches its own, and both show their groups.
  groupsRequests.length = 0;
  await page.goto(`${stack.demoOrigin}/partner.html`);
  for (const id of ["kanagawa", "online"]) {
    await page.locator(`[data-id=${id}]`).getByTestId("group-card").first().waitFor();
  }
  assert.equal(groupsRequests.length, 2);
  await page.close();
});
