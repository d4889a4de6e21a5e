// Helpers for driving the widget in a real page: open a demo page with the clock fixed, reach
// an instance inside its shadow root (Playwright's locators pierce open shadow roots), page
// through the list, and scan with axe-core.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./stack.mjs";

export const demoData = JSON.parse(readFileSync(join(ROOT, "demo/data/directory.json"), "utf8"));

/** Wednesday 2026-11-25 14:00 in Tokyo: the 4th Wednesday, the day after a holiday week. */
export const CLOCK = "2026-11-25T14:00:00+09:00";

/** When the finder's feed is built for pages at `CLOCK` (`startStack({ feedAt })`): the start of
 *  that day in Tokyo, so the feed lists every meeting of the day that a page may show. */
export const FEED_AT = "2026-11-25T00:00:00+09:00";

/**
 * Opens `path` on the demo origin with the page's clock fixed at `clock` (null: the real clock),
 * and waits until `instance` (a CSS selector of the placeholder) shows its first card. `before`,
 * if given, is awaited with the page before it loads (to route its requests, say).
 * Resolves to { page, widget, problems } where problems collects page errors and console errors.
 */
export async function openPage(stack, browser, path = "/", { clock = CLOCK, instance = "[data-tsunagu]", wait = "group-card", before } = {}) {
  const page = await browser.context.newPage();
  if (before) await before(page);
  // A route turns the browser's HTTP cache off for the page (Playwright): a feed cached by an
  // earlier page, built for another clock, must not answer this one.
  await page.route("**/v2/feed*", (route) => route.continue());
  if (clock) await page.clock.setFixedTime(new Date(clock));
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${stack.demoOrigin}${path}`);
  const widget = page.locator(instance).first();
  if (wait) await widget.getByTestId(wait).first().waitFor({ state: "visible" });
  return { page, widget, problems };
}

/** Clicks 「さらに表示」 until every matching card is on the page. */
export async function showAll(widget) {
  const more = widget.getByTestId("more");
  while ((await more.count()) > 0) {
    const before = await widget.getByTestId("group-card").count();
    await more.click();
    await widget.getByTestId("group-card").nth(before).waitFor();
  }
}

/** The ids of the cards shown, in order. */
export function shownIds(widget) {
  return widget.getByTestId("group-card").evaluateAll((els) => els.map((e) => e.dataset.group));
}

/** Waits until the count heading says `count` groups (Japanese or English). */
export async function waitForCount(widget, count) {
  const name = new RegExp(`^(${count}件のグループ|${count} groups?)$`);
  await widget.getByTestId("result-count").filter({ hasText: name }).waitFor();
}

/** Runs axe-core over the widget in `selector` at WCAG 2.2 AA; resolves to its violations. */
export async function axeViolations(page, selector = "[data-tsunagu]") {
  const loaded = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!loaded) await page.addScriptTag({ path: join(ROOT, "node_modules/axe-core/axe.min.js") });
  return page.evaluate(async (selector) => {
    const result = await window.axe.run(
      { include: [[selector]] },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
  }, selector);
}

/** The place a group meets in: its own, else its facility's (as core's place_or). */
export function placeOf(group) {
  return group.place ?? demoData.facilities.find((f) => f.id === group.facility)?.place ?? null;
}
