// Debian's Chromium, headless, with the flags this machine needs (no network but loopback) and a
// fresh profile each time; driven over CDP by playwright-core (which downloads no browser).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Chromium; resolves to { context, close() }. */
export async function launchBrowser({ viewport = { width: 390, height: 844 }, locale = "ja-JP" } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "tsunagu-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    locale,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
