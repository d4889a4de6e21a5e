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

/** Axe's "incomplete" results (it could not decide, and a person must) that a person has
 *  checked in the browser and accepted, each as { rule, target, reason }: the axe rule, the end
 *  of the node's innermost selector, and in one line why it is fine. Any other incomplete
 *  result fails the scan. Empty while axe decides every check on the widget's screens. */
export const REVIEWED_INCOMPLETE = [];

const reviewOf = (rule, target) =>
  REVIEWED_INCOMPLETE.find((r) => r.rule === rule && String(target.flat().at(-1)).endsWith(r.target));

/**
 * Runs axe-core over the widget in `selector` at WCAG 2.2 AA; resolves to its violations, and
 * to every incomplete result not in REVIEWED_INCOMPLETE as a violation marked `incomplete`.
 * Every incomplete result, reviewed or not, is listed in the test output.
 */
export async function axeViolations(page, selector = "[data-tsunagu]") {
  const loaded = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!loaded) await page.addScriptTag({ path: join(ROOT, "node_modules/axe-core/axe.min.js") });
  const { violations, incomplete } = await page.evaluate(async (selector) => {
    const result = await window.axe.run(
      { include: [[selector]] },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
    const brief = (v, nodes) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    });
    return {
      violations: result.violations.map((v) => brief(v, v.nodes.slice(0, 5))),
      incomplete: result.incomplete.map((v) => brief(v, v.nodes)),
    };
  }, selector);
  const unreviewed = [];
  console.log(`axe: ${incomplete.reduce((n, r) => n + r.nodes.length, 0)} incomplete result(s) in ${selector}`);
  for (const result of incomplete) {
    const open = [];
    for (const node of result.nodes) {
      const review = reviewOf(result.id, node.target);
      console.log(`axe incomplete: ${result.id} at ${JSON.stringify(node.target)}: ${review ? `reviewed, ${review.reason}` : `NOT REVIEWED: ${node.summary}`}`);
      if (!review) open.push(node);
    }
    if (open.length > 0) unreviewed.push({ ...result, incomplete: true, nodes: open.slice(0, 5) });
  }
  return [...violations, ...unreviewed];
}

/** The place a group meets in: its own, else its facility's (as core's place_or). */
export function placeOf(group) {
  return group.place ?? demoData.facilities.find((f) => f.id === group.facility)?.place ?? null;
}
