import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);
/** Use as `describe.skipIf(!chromiumAvailable)`; the reason is printed once so a skip is never silent. */
if (!chromiumAvailable) {
  console.warn(`[browser tests] SKIPPED: no chromium at ${CHROMIUM_PATH} (apt-get install -y chromium; .ci/run does)`);
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../screenshots");

/**
 * Debian's chromium, headless, with the flags this offline machine needs: without the background-networking
 * flags chromium keeps trying to reach Google's hosts and its connections are refused.
 */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * A browser context signed in to the app at `baseURL`. Sign-in is added by the accounts work; until then
 * the app's session seam acts on the headless-init org and this only opens a context.
 */
export async function signedInContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
