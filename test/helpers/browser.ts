import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { E2E_INIT } from "./app-server";

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

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
const signedInStates = new Map<string, Promise<StorageState>>();

/**
 * A browser context signed in to the app at `baseURL` as the headless-init owner (E2E_INIT's
 * RUNTOWER_INIT_USER_EMAIL/PASSWORD). Signs in once per server through better-auth's endpoint and reuses the
 * session cookie for later contexts. Pass `credentials` to sign in as someone else (not cached).
 */
export async function signedInContext(
  browser: Browser,
  baseURL: string,
  credentials?: { email: string; password: string },
): Promise<BrowserContext> {
  const options = { baseURL, viewport: { width: 1280, height: 900 } };
  const signIn = async (): Promise<StorageState> => {
    const context = await browser.newContext(options);
    try {
      const response = await context.request.post(`${baseURL}/api/auth/sign-in/email`, {
        data: credentials ?? {
          email: E2E_INIT.RUNTOWER_INIT_USER_EMAIL,
          password: E2E_INIT.RUNTOWER_INIT_USER_PASSWORD,
        },
        headers: { origin: baseURL },
      });
      if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
      return await context.storageState();
    } finally {
      await context.close();
    }
  };
  let state: Promise<StorageState>;
  if (credentials) state = signIn();
  else {
    state = signedInStates.get(baseURL) ?? signIn();
    signedInStates.set(baseURL, state);
    state.catch(() => signedInStates.delete(baseURL));
  }
  return browser.newContext({ ...options, storageState: await state });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
