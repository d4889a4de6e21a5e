// The inquiry form in a real browser against the real worker: the facility's settings decide the
// kinds and whether a name is needed, core's validation speaks Japanese and English per field,
// the confirm screen shows the normalised values, the draft survives a reload, and a lost answer
// retried with the same idempotency key stores one inquiry.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./support/browser.mjs";
import { TOKYO_OFFSET_MS, tokyoClock } from "./support/schedule.mjs";
import { startStack } from "./support/stack.mjs";
import { axeViolations, CLOCK, FEED_AT, openPage as openAt } from "./support/widget.mjs";

/** Opens a page as `openPage` does, with the finder's feed built for the page's clock first: at
 *  the start of CLOCK's day for a page at CLOCK, now for a page an hour ahead of the real time.
 *  The cron builds it again when its clock reads earlier than the stored feed's, or once that is
 *  six hours old, and otherwise leaves it. */
async function openPage(stack, browser, path = "/", options = {}) {
  await stack.scheduled(options.clock ? new Date() : new Date(FEED_AT));
  return openAt(stack, browser, path, options);
}

let stack;
let browser;
before(async () => {
  stack = await startStack();
  browser = await launchBrowser({ viewport: { width: 1024, height: 900 } });
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{8}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const clean = (violations, where) =>
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 1)}`);

/** Searches `words`, opens the group called `name` and its inquiry form; resolves to the form. */
async function openForm(widget, words, name) {
  await widget.getByRole("searchbox").fill(words);
  await widget.getByRole("link", { name }).click();
  await widget.getByTestId("inquire").click();
  const form = widget.getByTestId("inquiry-form");
  await form.getByTestId("inquiry-fields").waitFor();
  return form;
}

/** A person takes a while to fill in the form: move the page's fixed clock on by a minute from
 *  `from` (where the test fixed it), so the fill time the widget reports is well above the
 *  worker's minimum. */
const takeAMinute = (page, from = CLOCK) => page.clock.setFixedTime(new Date(Date.parse(from) + 60_000));

/** The worker checks preferred meetings against its own clock, which no test can fix: a test
 *  that sends chosen meetings fixes the page's clock an hour after the real time instead, so the
 *  meetings the widget offers are ones the worker still takes as coming when the test sends them,
 *  whatever day and hour the tests run (a meeting starting while the suite runs would be refused).
 *  Never past the end of today in Tokyo, though: on the page's next day the widget's horizon
 *  (92 days from its today) would reach a day past the worker's. Taken per test, at the moment
 *  it opens its page. */
const anHourFromNow = () => {
  const now = Date.now();
  const tokyoMidnight = Math.floor(tokyoClock(now).getTime() / 86_400_000 + 1) * 86_400_000 - TOKYO_OFFSET_MS;
  return new Date(Math.min(now + 3600_000, tokyoMidnight - 1000)).toISOString();
};

/** The offered meeting checkboxes' values (`2026-12-02T10:00`) as the stored slots. */
const slotOf = (value) => {
  const [date, start] = value.split("T");
  return { date, start };
};

/** Every stored inquiry of `facility`, as parsed records. */
async function storedInquiries(facility) {
  const prefix = `inquiry/v1/${facility}/`;
  return Object.entries(await stack.kv("INQUIRIES"))
    .filter(([key]) => key.startsWith(prefix))
    .map(([, value]) => JSON.parse(value));
}

/** Waits (bounded) for the mail to `to` whose subject names `receipt`. */
async function mailFor(receipt, to) {
  for (let i = 0; i < 100; i += 1) {
    const mail = (await stack.mails()).find(
      (m) => m.parsed.subject?.includes(receipt) && m.parsed.to?.some((a) => a.address === to),
    );
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

/** Waits until the element focused in the first instance's shadow root has `attribute` `value`
 *  (focus moves on the next animation frame). */
const waitForFocus = (page, attribute, value) =>
  page.waitForFunction(
    ([attribute, value]) => document.querySelector("[data-tsunagu]").shadowRoot.activeElement?.getAttribute(attribute) === value,
    [attribute, value],
  );

/** The sessionStorage keys of drafts. */
const draftKeys = (page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("tsunagu-draft/")));

test("the full path: a group's detail → the form → confirm with normalised values → sent, stored and mailed", async () => {
  const clock = anHourFromNow();
  const { page, widget, problems } = await openPage(stack, browser, "/", { clock });
  await page.evaluate(() => {
    window.sentEvents = [];
    document.addEventListener("tsunagu:inquiry-sent", (e) => window.sentEvents.push(e.detail));
  });
  const form = await openForm(widget, "ウォーキング", "ウォーキングプログラム");
  await form.getByRole("heading", { name: "「ウォーキングプログラム」へのお問い合わせ" }).waitFor();

  // The facility takes every kind; the consent text and the policy link are the facility's.
  const kinds = form.getByTestId("kind").getByRole("radio");
  assert.equal(await kinds.count(), 5);
  assert.match(await form.getByTestId("consent-text").textContent(), /第三者に提供することはありません/);
  const policy = form.getByRole("link", { name: /個人情報の取り扱いについて/ });
  assert.equal(await policy.getAttribute("href"), "https://hidamari.example.jp/privacy");
  assert.equal(await policy.getAttribute("target"), "_blank");
  assert.equal(await policy.getAttribute("rel"), "noopener");

  // Eight coming Wednesdays are offered (the group meets weekly), written as core writes them.
  const dates = form.getByTestId("preferred").getByRole("checkbox");
  assert.equal(await dates.count(), 8);
  const labels = (await form.getByTestId("preferred").locator("label").allTextContents()).map((l) => l.trim());
  for (const label of labels) assert.match(label, /^\d{1,2}月\d{1,2}日\(水\) 10:00〜$/);
  const values = [await dates.nth(0).getAttribute("value"), await dates.nth(1).getAttribute("value")];

  await form.getByRole("radio", { name: "見学予約" }).check();
  await form.getByLabel(/お名前/).fill("そら");
  await form.getByLabel(/ふりがな/).fill("そら");
  await form.getByRole("radio", { name: "家族" }).check();
  await form.getByRole("radio", { name: "電話" }).check();
  await form.getByLabel(/電話番号/).fill("０９０－１２３４－５６７８");
  await form.getByLabel(/メールアドレス/).fill("sora@example.jp");
  await dates.nth(0).check();
  await dates.nth(1).check();
  await form.getByLabel(/お問い合わせ内容/).fill("はじめてです。\n見学できますか？");
  assert.equal(await form.getByTestId("message-counter").textContent(), "あと1984文字");
  await form.getByLabel("上記の内容に同意します").check();
  await takeAMinute(page, clock);
  await form.getByRole("button", { name: "確認画面へ" }).click();

  // The confirm screen: every value, the phone in ASCII, the dates in words; focus on its title.
  const confirm = form.getByTestId("confirm");
  await confirm.getByRole("heading", { name: "入力内容の確認" }).waitFor();
  await waitForFocus(page, "data-testid", "confirm-title");
  const shown = async (id) => (await confirm.getByTestId(`confirm-${id}`).innerText()).trim();
  assert.equal(await shown("kind"), "見学予約");
  assert.equal(await shown("group"), "ウォーキングプログラム");
  assert.equal(await shown("name"), "そら");
  assert.equal(await shown("furigana"), "そら");
  assert.equal(await shown("asker"), "家族");
  assert.equal(await shown("contact"), "電話");
  assert.equal(await shown("email"), "sora@example.jp");
  assert.equal(await shown("phone"), "090-1234-5678");
  assert.equal(await shown("preferred"), `${labels[0]}\n${labels[1]}`);
  assert.equal(await shown("message"), "はじめてです。\n見学できますか？");
  assert.equal(await confirm.getByTestId("confirm-postal_address").count(), 0);

  // A double click sends once: one POST, with a UUID as its idempotency key.
  const posts = [];
  page.on("request", (r) => r.method() === "POST" && posts.push(r.headers()["idempotency-key"]));
  await confirm.getByRole("button", { name: "送信する" }).dblclick();
  const sent = form.getByTestId("sent");
  await sent.getByRole("heading", { name: "お問い合わせを受け付けました" }).waitFor();
  assert.equal(posts.length, 1, "exactly one POST for one inquiry");
  assert.match(posts[0], UUID);
  const receipt = (await sent.getByTestId("receipt-id").textContent()).trim();
  assert.match(receipt, RECEIPT);
  assert.equal(await sent.getByTestId("reply-promise").textContent(), "3営業日以内にご連絡します");
  await waitForFocus(page, "data-testid", "sent-title");
  assert.deepEqual(await page.evaluate(() => window.sentEvents), [
    { instance: "tsunagu", receipt, kind: "visit", group: "hidamari-walking" },
  ]);
  assert.deepEqual(await draftKeys(page), [], "the draft is gone after success");

  // Stored as the visitor confirmed it.
  const stored = (await storedInquiries("hidamari-noborito")).find((s) => s.receipt_id === receipt);
  assert.ok(stored, "the inquiry is in KV under its receipt");
  assert.deepEqual(
    { ...stored.inquiry },
    {
      facility: "hidamari-noborito",
      group: "hidamari-walking",
      kind: "visit",
      name: "そら",
      furigana: "そら",
      asker: "family",
      contact: "phone",
      email: "sora@example.jp",
      phone: "090-1234-5678",
      postal_address: "",
      preferred: values.map(slotOf),
      message: "はじめてです。\n見学できますか？",
      consent: true,
      consent_version: "2026-04",
    },
  );
  const mail = await mailFor(receipt, "staff@hidamari.example.jp");
  assert.ok(mail, "no staff mail for the receipt");
  assert.ok(mail.parsed.text.includes(`受付番号: ${receipt}`), mail.parsed.text);
  assert.deepEqual(problems, []);
  await page.close();
});

test("errors per field in Japanese, from core's rules, with focus on the first and nothing sent", async () => {
  const { page, widget } = await openPage(stack, browser);
  const posts = [];
  page.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
  const form = await openForm(widget, "ウォーキング", "ウォーキングプログラム");
  // This facility wants a name.
  assert.match(await form.locator('label[for="tsunagu-name"]').textContent(), /必須/);
  await form.getByRole("button", { name: "確認画面へ" }).click();
  const summary = form.getByTestId("form-error");
  await summary.waitFor();
  assert.equal(await summary.getAttribute("role"), "alert");
  assert.equal(await form.getByTestId("name-error").textContent(), "入力してください。");
  assert.equal(await form.getByTestId("email-error").textContent(), "入力してください。");
  assert.equal(await form.getByTestId("consent-error").textContent(), "送信するには個人情報の取り扱いに同意してください。");
  assert.equal(await form.getByTestId("message-error").textContent(), "", "a visit needs no message");
  const name = form.getByLabel(/お名前/);
  assert.equal(await name.getAttribute("aria-invalid"), "true");
  assert.match(await name.getAttribute("aria-describedby"), /tsunagu-name-error/);
  await waitForFocus(page, "id", "tsunagu-name");

  // Phone by preference: the phone is required, and must be a Japanese number.
  await form.getByRole("radio", { name: "電話" }).check();
  await form.getByLabel(/電話番号/).fill("12345");
  // More than three dates is core's error, shown on the dates.
  for (const i of [0, 1, 2, 3]) await form.getByTestId("preferred").getByRole("checkbox").nth(i).check();
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("phone-error").filter({ hasText: "電話番号の形式が正しくありません" }).waitFor();
  assert.equal(await form.getByTestId("email-error").textContent(), "", "email is optional by phone");
  assert.equal(await form.getByTestId("preferred-error").textContent(), "3つまで選べます。");
  // A consultation needs a message.
  await form.getByRole("radio", { name: "個別相談" }).check();
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("message-error").filter({ hasText: "入力してください。" }).waitFor();
  assert.deepEqual(posts, [], "nothing is sent while the form has errors");
  assert.ok(await form.getByTestId("inquiry-fields").isVisible(), "still on the form");
  await page.close();
});

test("the English form on the partner page: the facility's kinds only, anonymous allowed, English errors", async () => {
  const { page, widget } = await openPage(stack, browser, "/partner.html", { instance: '[data-id="online"]' });
  const form = await openForm(widget, "フリースペース", "フリースペース（出会いの場）");
  // yasumiba-online takes visits, materials and questions only.
  const kinds = await form.getByTestId("kind").getByRole("radio").evaluateAll((els) => els.map((e) => e.labels[0].textContent.trim()));
  assert.deepEqual(kinds, ["Book a visit", "Request materials", "Other question"]);
  assert.match(await form.locator('label[for="tsunagu-name"]').textContent(), /optional, anonymous is fine/);
  await form.getByRole("button", { name: "Review" }).click();
  await form.getByTestId("form-error").waitFor();
  assert.equal(await form.getByTestId("name-error").textContent(), "", "no name is fine here");
  assert.equal(await form.getByTestId("email-error").textContent(), "Please fill this in.");
  assert.equal(await form.getByTestId("consent-error").textContent(), "Please agree to the privacy policy to send your inquiry.");
  await form.getByLabel(/Email address/).fill("not-an-address");
  await form.getByRole("button", { name: "Review" }).click();
  await form.getByTestId("email-error").filter({ hasText: "This does not look like an email address" }).waitFor();

  // Without a name it goes through; the confirm screen says so.
  await form.getByLabel(/Email address/).fill("anon@example.jp");
  await form.getByRole("radio", { name: "Other question" }).check();
  await form.getByLabel(/Your message/).fill("Is there a newsletter?");
  await form.getByLabel("I agree to the above").check();
  await form.getByRole("button", { name: "Review" }).click();
  const confirm = form.getByTestId("confirm");
  await confirm.getByRole("heading", { name: "Please check your inquiry" }).waitFor();
  assert.equal((await confirm.getByTestId("confirm-name").innerText()).trim(), "(not given)");
  // 「修正する」 goes back with everything kept.
  await confirm.getByRole("button", { name: "Edit" }).click();
  assert.equal(await form.getByLabel(/Your message/).inputValue(), "Is there a newsletter?");
  assert.equal(await form.getByRole("radio", { name: "Other question" }).isChecked(), true);
  await page.close();
});

test("the postal address is asked for materials only, the dates for visits and trials only", async () => {
  const { page, widget } = await openPage(stack, browser);
  const form = await openForm(widget, "ウォーキング", "ウォーキングプログラム");
  const postal = form.getByLabel(/資料の送付先/);
  const dates = form.getByTestId("preferred");
  const expect = async (kind, hasPostal, hasDates, messageRequired) => {
    await form.getByRole("radio", { name: kind }).check();
    assert.equal(await postal.count(), hasPostal ? 1 : 0, `${kind}: postal address`);
    assert.equal(await dates.count(), hasDates ? 1 : 0, `${kind}: dates`);
    const label = await form.locator('label[for="tsunagu-message"]').textContent();
    assert.equal(label.includes("必須"), messageRequired, `${kind}: message ${label}`);
  };
  await expect("見学予約", false, true, false);
  await expect("体験利用", false, true, false);
  await expect("資料請求", true, false, false);
  await expect("個別相談", false, false, true);
  await expect("その他の質問", false, false, true);
  // Materials need the address.
  await form.getByRole("radio", { name: "資料請求" }).check();
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("postal_address-error").filter({ hasText: "入力してください。" }).waitFor();
  await page.close();
});

test("the draft survives a reload and is gone after success", async () => {
  const clock = anHourFromNow();
  const { page, widget } = await openPage(stack, browser, "/", { clock });
  let form = await openForm(widget, "ウォーキング", "ウォーキングプログラム");
  await form.getByRole("radio", { name: "体験利用" }).check();
  await form.getByLabel(/お名前/).fill("みどり");
  await form.getByLabel(/メールアドレス/).fill("midori@example.jp");
  const third = form.getByTestId("preferred").getByRole("checkbox").nth(2);
  const thirdValue = await third.getAttribute("value");
  await third.check();
  await form.getByLabel(/お問い合わせ内容/).fill("体験の持ち物は？");
  await form.getByLabel("上記の内容に同意します").check();
  const [key] = await draftKeys(page);
  assert.equal(key, "tsunagu-draft/tsunagu/hidamari-noborito/hidamari-walking");
  assert.equal(await page.evaluate(() => localStorage.length), 0, "nothing in localStorage");

  await page.reload();
  form = widget.getByTestId("inquiry-form");
  await form.getByTestId("inquiry-fields").waitFor();
  assert.equal(await form.getByLabel(/お名前/).inputValue(), "みどり");
  assert.equal(await form.getByLabel(/メールアドレス/).inputValue(), "midori@example.jp");
  assert.equal(await form.getByLabel(/お問い合わせ内容/).inputValue(), "体験の持ち物は？");
  assert.equal(await form.getByRole("radio", { name: "体験利用" }).isChecked(), true);
  assert.equal(await form.locator(`input[value="${thirdValue}"]`).isChecked(), true);
  assert.equal(await form.getByLabel("上記の内容に同意します").isChecked(), true);

  await takeAMinute(page, clock);
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByRole("button", { name: "送信する" }).click();
  await form.getByTestId("receipt-id").waitFor();
  assert.deepEqual(await draftKeys(page), []);
  // After a reload the group is shown again, and a new form starts empty.
  await page.reload();
  await widget.getByTestId("group-detail").waitFor();
  await widget.getByTestId("inquire").click();
  await form.getByTestId("inquiry-fields").waitFor();
  assert.equal(await form.getByLabel(/お名前/).inputValue(), "");
  await page.close();
});

// Rests on the worker's idempotency (Idempotency-Key: the same key and body answer the first
// response again): without it the retry would store a second inquiry.
test("a lost answer and failed retries, then 「もう一度送信する」: one key throughout, one inquiry stored", async () => {
  const { page, widget } = await openPage(stack, browser);
  const form = await openForm(widget, "ウォーキング", "ウォーキングプログラム");
  const name = "リトライさん";
  await form.getByLabel(/お名前/).fill(name);
  await form.getByLabel(/メールアドレス/).fill("retry@example.jp");
  await form.getByLabel("上記の内容に同意します").check();
  await takeAMinute(page);
  await form.getByRole("button", { name: "確認画面へ" }).click();

  const keys = [];
  let firstStatus;
  await page.route(`${stack.workerOrigin}/v1/inquiries`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    keys.push(await request.headerValue("idempotency-key"));
    if (keys.length === 1) {
      // The worker gets it and stores it, but the answer never reaches the page.
      const headers = { ...(await request.allHeaders()), origin: stack.demoOrigin };
      firstStatus = (await route.fetch({ headers })).status();
      return route.abort("connectionreset");
    }
    // The widget's automatic retries fail too, before reaching the worker.
    if (keys.length <= 4) return route.abort("internetdisconnected");
    return route.continue();
  });
  await form.getByRole("button", { name: "送信する" }).click();
  const failure = form.getByTestId("send-error");
  await failure.waitFor();
  assert.match(await failure.textContent(), /通信できませんでした/);
  assert.match(await failure.textContent(), /044-000-1234/);
  assert.equal(keys.length, 4, "one attempt and three automatic retries");
  assert.equal(firstStatus, 201, "the first attempt reached the worker and was stored");

  await form.getByRole("button", { name: "もう一度送信する" }).click();
  const receipt = (await form.getByTestId("receipt-id").textContent()).trim();
  assert.equal(keys.length, 5);
  assert.equal(new Set(keys).size, 1, `one idempotency key for every attempt: ${keys}`);
  assert.match(keys[0], UUID);
  const mine = (await storedInquiries("hidamari-noborito")).filter((s) => s.inquiry.name === name);
  assert.equal(mine.length, 1, "exactly one inquiry however many attempts");
  assert.equal(mine[0].receipt_id, receipt);
  await page.unroute(`${stack.workerOrigin}/v1/inquiries`);
  await page.close();
});

test("the form's settings fail to load: a message with the phone and a retry that works", async () => {
  const { page, widget } = await openPage(stack, browser);
  await page.route(`${stack.workerOrigin}/v1/form*`, (route) => route.abort("connectionrefused"));
  await widget.getByRole("searchbox").fill("English");
  await widget.getByRole("link", { name: "やすみば English Corner" }).click();
  await widget.getByTestId("inquire").click();
  const form = widget.getByTestId("inquiry-form");
  const alert = form.getByTestId("load-error");
  await alert.waitFor();
  assert.match(await alert.textContent(), /通信できませんでした/);
  assert.match(await alert.textContent(), /044-000-1234（月〜土 9:00〜17:00）/);
  await page.unroute(`${stack.workerOrigin}/v1/form*`);
  await alert.getByRole("button", { name: "もう一度読み込む" }).click();
  await form.getByTestId("inquiry-fields").waitFor();
  assert.equal(await form.getByTestId("kind").getByRole("radio").count(), 3);
  await page.close();
});

test("the form alone (data-view=form): the facility's groups to pick from, kept with the draft across a reload", async () => {
  await stack.scheduled(new Date(FEED_AT));
  const page = await browser.context.newPage();
  await page.route("**/v2/feed*", (route) => route.continue());
  await page.clock.setFixedTime(new Date(CLOCK));
  // The demo page with its placeholder turned into a form-only instance for one facility, as the
  // parser inserts it (before the loader script runs). Rewriting the HTML through page.route
  // would not do: a fulfilled page loses its loopback address space, and Chromium then blocks
  // the loader from the worker's loopback origin.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const placeholder = document.querySelector("[data-tsunagu]");
      if (!placeholder) return;
      placeholder.dataset.view = "form";
      placeholder.dataset.facility = "yasumiba-online";
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${stack.demoOrigin}/`);
  const form = page.locator("[data-tsunagu]").getByTestId("inquiry-form");
  await form.getByTestId("inquiry-fields").waitFor();
  const groups = await form.getByLabel("お問い合わせ先のグループ").locator("option").allTextContents();
  assert.ok(groups.includes("やすみば English Corner"), groups.join(", "));
  assert.ok(!groups.includes("ウォーキングプログラム"), "only the facility's groups");
  await form.getByLabel("お問い合わせ先のグループ").selectOption({ label: "やすみば English Corner" });
  await form.getByRole("heading", { name: "「やすみば English Corner」へのお問い合わせ" }).waitFor();
  await form.getByTestId("inquiry-fields").waitFor();
  assert.equal(await form.getByTestId("cancel").count(), 0, "no list to go back to");
  await form.getByLabel(/お名前/).fill("えいご");

  await page.reload();
  await form.getByTestId("inquiry-fields").waitFor();
  assert.equal(await form.getByLabel("お問い合わせ先のグループ").inputValue(), "yasumiba-english");
  assert.equal(await form.getByLabel(/お名前/).inputValue(), "えいご");
  await page.close();
});

test("axe-core: no WCAG 2.2 AA violation on the form, the form with errors, the confirm screen and the success screen", async () => {
  const clock = anHourFromNow();
  const { page, widget } = await openPage(stack, browser, "/", { clock });
  const form = await openForm(widget, "ウォーキング", "ウォーキングプログラム");
  clean(await axeViolations(page), "form");
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("form-error").waitFor();
  clean(await axeViolations(page), "form with errors");
  await form.getByLabel(/お名前/).fill("あお");
  await form.getByLabel(/メールアドレス/).fill("ao@example.jp");
  await form.getByRole("checkbox").first().check();
  await form.getByLabel("上記の内容に同意します").check();
  await takeAMinute(page, clock);
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("confirm").waitFor();
  clean(await axeViolations(page), "confirm screen");
  await form.getByRole("button", { name: "送信する" }).click();
  await form.getByTestId("sent").waitFor();
  clean(await axeViolations(page), "success screen");
  await page.close();
});

test("a consent text changed while the visitor was writing: the new text is shown, consent asked again, then sent with its version", async () => {
  const { page, widget, problems } = await openPage(stack, browser);
  const form = await openForm(widget, "潰瘍性大腸炎", "潰瘍性大腸炎・クローン病 語らいの会");
  await form.getByRole("radio", { name: "その他の質問" }).check();
  await form.getByLabel(/メールアドレス/).fill("kaede@example.jp");
  await form.getByLabel(/お問い合わせ内容/).fill("会の雰囲気を知りたいです。");
  await form.getByLabel("上記の内容に同意します").check();
  await takeAMinute(page);
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("confirm").waitFor();

  // Meanwhile the facility publishes a new consent text.
  const kv = await stack.kvNamespace("DIRECTORY");
  const original = await kv.get("facilities/v1");
  const changed = JSON.parse(original);
  const facility = changed.find((f) => f.id === "maebashi-peer");
  facility.form.consent_text = "（2026年11月改定）ご記入の内容は、ご連絡のためだけに使います。";
  facility.form.consent_version = "2026-11";
  await kv.put("facilities/v1", JSON.stringify(changed));
  try {
    await form.getByRole("button", { name: "送信する" }).click();
    // Back to the form: the new text, the box unticked, the reason said, the rest kept.
    await form.getByTestId("consent-error").filter({ hasText: "文面が更新されました" }).waitFor();
    assert.match(await form.getByTestId("consent-text").textContent(), /2026年11月改定/);
    assert.equal(await form.getByLabel("上記の内容に同意します").isChecked(), false);
    assert.equal(await form.getByLabel(/お問い合わせ内容/).inputValue(), "会の雰囲気を知りたいです。");

    await form.getByLabel("上記の内容に同意します").check();
    await form.getByRole("button", { name: "確認画面へ" }).click();
    await form.getByRole("button", { name: "送信する" }).click();
    const receipt = (await form.getByTestId("receipt-id").textContent()).trim();
    const stored = (await storedInquiries("maebashi-peer")).find((s) => s.receipt_id === receipt);
    assert.equal(stored.inquiry.consent_version, "2026-11");
    assert.equal((await storedInquiries("maebashi-peer")).length, 1, "the refused attempt stored nothing");
  } finally {
    await kv.put("facilities/v1", original);
  }
  assert.deepEqual(problems.filter((p) => !/422/.test(p)), []);
  await page.close();
});
