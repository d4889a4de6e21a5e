// Accessibility in a real browser (JIS X 8341-3, i.e. WCAG 2.2 AA): axe-core finds no violation
// on the list, the filters, a detail, the calendar and the form; a keyboard alone reaches a
// group's detail and back; the layout holds at 320 px with touch targets of 44 px.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./support/browser.mjs";
import { startStack } from "./support/stack.mjs";
import { FEED_AT, axeViolations, openPage, waitForCount } from "./support/widget.mjs";

let stack;
let browser;
let phone;
before(async () => {
  stack = await startStack({ feedAt: FEED_AT });
  browser = await launchBrowser({ viewport: { width: 1024, height: 900 } });
  phone = await launchBrowser({ viewport: { width: 320, height: 640 } });
});
after(async () => {
  await browser?.close();
  await phone?.close();
  await stack?.stop();
});

const clean = (violations, where) =>
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 1)}`);

test("axe-core: no WCAG 2.2 AA violation on the list with the filters open, a detail, the calendar and the form", async () => {
  const { page, widget } = await openPage(stack, browser);
  await widget.getByTestId("filters-toggle").click();
  await widget.getByTestId("filters").getByRole("checkbox").first().waitFor();
  clean(await axeViolations(page), "list and filters");

  await widget.getByRole("searchbox").fill("該当しないことば");
  await widget.getByTestId("no-results").waitFor();
  clean(await axeViolations(page), "empty state");
  await widget.getByTestId("clear-all").click();

  await widget.getByTestId("view-calendar").click();
  await widget.getByTestId("calendar").getByTestId("month-count").waitFor();
  clean(await axeViolations(page), "calendar");

  await widget.getByTestId("view-list").click();
  await widget.getByTestId("group-card").first().getByTestId("open-group").click();
  await widget.getByTestId("group-detail").waitFor();
  clean(await axeViolations(page), "detail");

  await widget.getByTestId("inquire").click();
  const form = widget.getByTestId("inquiry-form");
  await form.getByTestId("inquiry-fields").waitFor();
  clean(await axeViolations(page), "form");
  await form.getByRole("button", { name: "確認画面へ" }).click();
  await form.getByTestId("form-error").waitFor();
  clean(await axeViolations(page), "form with errors");
  await page.close();
});

test("axe-core really looks inside the shadow root: a planted unlabelled field is reported", async () => {
  const { page } = await openPage(stack, browser);
  await page.evaluate(() => {
    const planted = document.createElement("input");
    planted.type = "text";
    planted.id = "planted";
    document.querySelector("[data-tsunagu]").shadowRoot.querySelector(".finder").append(planted);
  });
  const violations = await axeViolations(page);
  assert.ok(
    violations.some((v) => v.id === "label" && JSON.stringify(v.nodes).includes("planted")),
    JSON.stringify(violations),
  );
  await page.close();
});

test("axe-core's undecided results count: planted text over a background image fails the scan until reviewed", async () => {
  const { page } = await openPage(stack, browser);
  await page.evaluate(() => {
    // Axe cannot work out the contrast of text over an image: it reports it as incomplete.
    const planted = document.createElement("p");
    planted.id = "planted-contrast";
    planted.textContent = "画像の上の文字";
    planted.style.backgroundImage = "linear-gradient(#777, #fff)";
    document.querySelector("[data-tsunagu]").shadowRoot.querySelector(".finder").append(planted);
  });
  const violations = await axeViolations(page);
  assert.ok(
    violations.some((v) => v.incomplete && v.id === "color-contrast" && JSON.stringify(v.nodes).includes("planted-contrast")),
    JSON.stringify(violations),
  );
  await page.close();
});

test("axe-core: the English, scoped instances of the partner page pass too", async () => {
  const { page } = await openPage(stack, browser, "/partner.html", { wait: null });
  for (const id of ["kanagawa", "online"]) {
    await page.locator(`[data-id="${id}"]`).getByTestId("group-card").first().waitFor();
    clean(await axeViolations(page, `[data-id="${id}"]`), id);
  }
  await page.close();
});

/** The data-testid of the element focused inside the widget's shadow root. */
const focusedTestId = (page) =>
  page.evaluate(() => {
    const el = document.querySelector("[data-tsunagu]").shadowRoot.activeElement;
    return el ? el.dataset.testid ?? el.tagName.toLowerCase() : null;
  });

/** Waits up to 2 s for the focus to land on `testid`, then asserts it: the widget moves the
 *  focus on the frame after a view is placed, not in the same task as the key press. */
async function focusLandsOn(page, testid) {
  await page
    .waitForFunction(
      (id) => document.querySelector("[data-tsunagu]").shadowRoot.activeElement?.dataset.testid === id,
      testid,
      { timeout: 2_000 },
    )
    .catch(() => {});
  assert.equal(await focusedTestId(page), testid);
}

test("keyboard only: Tab to a group, Enter opens its detail with focus on the title, Enter on 戻る returns", async () => {
  const { page, widget } = await openPage(stack, browser);
  await widget.getByRole("searchbox").focus();
  await page.keyboard.type("ウォーキング");
  await waitForCount(widget, 1);
  // Tab through the controls until the group's link: a bounded walk, so a trap fails the test.
  let reached = false;
  for (let i = 0; i < 30 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = (await focusedTestId(page)) === "open-group";
  }
  assert.ok(reached, "the group link is never reached by Tab");
  await page.keyboard.press("Enter");
  await widget.getByTestId("group-detail").waitFor();
  await focusLandsOn(page, "detail-title");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focusedTestId(page), "back");
  await page.keyboard.press("Enter");
  await widget.getByTestId("group-list").waitFor();
  await focusLandsOn(page, "result-count");
  // The filters open and tick by keyboard too.
  await widget.getByTestId("filters-toggle").focus();
  await page.keyboard.press("Enter");
  await widget.getByTestId("filters").getByRole("checkbox").first().waitFor();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  assert.equal(await widget.getByTestId("filters").getByRole("checkbox").first().isChecked(), true);
  await page.close();
});

test("the count is announced: the results heading is a polite live region", async () => {
  const { page, widget } = await openPage(stack, browser);
  assert.equal(await widget.getByTestId("result-count").getAttribute("aria-live"), "polite");
  await page.close();
});

test("at 320 px wide nothing overflows sideways and every control is at least 44 px tall", async () => {
  const { page, widget } = await openPage(stack, phone);
  /** Checks the view on screen; `kinds` are controls it must have measured (so a view whose
   *  fields went unmeasured cannot pass). */
  const check = async (where, kinds = []) => {
    const probe = await page.evaluate(() => {
      const root = document.querySelector("[data-tsunagu]").shadowRoot;
      const box = root.querySelector(".tsunagu");
      // Every control a person can reach, except the honeypot (hidden from people on purpose).
      // Links count where they are controls of their own, not inline in a sentence.
      const reachable = [...root.querySelectorAll("button, select, input, textarea, .card-title a, .meetings a, a.button")]
        .filter((el) => el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]'));
      // A checkbox or radio button is hit through its label: the label is the target.
      const targets = new Set(
        reachable.map((el) => (el.type === "checkbox" || el.type === "radio" ? (el.labels?.[0] ?? el) : el)),
      );
      const kind = (el) => (el.tagName === "INPUT" ? `input[type=${el.type}]` : el.tagName.toLowerCase());
      const measured = [...targets].map((el) => ({
        el: el.dataset.testid || el.id || el.className || el.tagName,
        kind: kind(el),
        h: el.getBoundingClientRect().height,
      }));
      return {
        overflow: box.scrollWidth - box.clientWidth,
        page: document.documentElement.scrollWidth - innerWidth,
        kinds: [...new Set(reachable.map(kind))],
        count: measured.length,
        small: measured.filter(({ h }) => h < 44),
      };
    });
    assert.ok(probe.overflow <= 0, `${where}: the widget overflows by ${probe.overflow}px`);
    assert.ok(probe.page <= 0, `${where}: the page scrolls sideways by ${probe.page}px`);
    assert.ok(probe.count > 0, `${where}: no control measured`);
    for (const k of kinds) assert.ok(probe.kinds.includes(k), `${where}: no ${k} measured among ${probe.kinds}`);
    assert.deepEqual(probe.small, [], `${where}: targets under 44px`);
  };
  await widget.getByTestId("filters-toggle").click();
  // The panel is there at once; its conditions are a part that may still be on its way.
  await widget.getByTestId("filters").getByRole("checkbox").first().waitFor();
  await check("list with filters", ["input[type=search]", "input[type=checkbox]", "select", "button"]);
  await widget.getByTestId("view-calendar").click();
  await widget.getByTestId("calendar").getByTestId("month-count").waitFor();
  await check("calendar", ["button"]);
  await widget.getByTestId("view-list").click();
  await widget.getByTestId("group-card").first().getByTestId("open-group").click();
  await widget.getByTestId("group-detail").waitFor();
  await check("detail", ["button"]);
  await widget.getByTestId("inquire").click();
  await widget.getByTestId("inquiry-fields").waitFor();
  await check("form", ["input[type=text]", "input[type=email]", "input[type=tel]", "textarea", "input[type=checkbox]"]);
  await page.close();
});
