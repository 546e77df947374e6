import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, signedInContext } from "@/test/helpers/browser";
import { shot } from "@/test/helpers/shots";
import { appClient } from "@/test/helpers/trpc-client";

/** Every page at a phone's 390 px (issue #14 part 2, item 5): reachable navigation, no horizontal page scroll. */
let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let runId = "";

beforeAll(async () => {
  if (!chromiumAvailable) return;
  server = await startAppServer();
  const api = appClient(server.url);
  const agentId = (await api.agents.create.mutate({ name: "e2e-mobile-agent-with-a-long-name" })).id;
  for (let i = 0; i < 4; i++) {
    const run = await api.runs.create.mutate({ agentId });
    await api.steps.create.mutate({
      runId: run.id,
      model: "gpt-4o-mini",
      status: "success",
      promptTokens: 10,
      completionTokens: 5,
    });
    if (i) await api.runs.update.mutate({ runId: run.id, status: "completed", totalDurationNs: i * 1_000_000_000 });
    runId = run.id;
  }
  browser = await launchBrowser();
  const desktop = await signedInContext(browser, server.url);
  context = await browser.newContext({
    baseURL: server.url,
    // Not isMobile: a mobile viewport zooms out to fit wide content, which would hide the overflow asserted on here.
    viewport: { width: 390, height: 844 },
    storageState: await desktop.storageState(),
  });
  await desktop.close();
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const overflow = (page: Page) =>
  page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));

describe.skipIf(!chromiumAvailable)("the app at 390 px", () => {
  it("every page fits the width: no horizontal page scroll", async () => {
    const page = await context.newPage();
    const failures: string[] = [];
    for (const path of [
      "/runs",
      `/runs/${runId}`,
      "/analytics",
      "/agents",
      "/callbacks",
      "/settings/api-keys",
      "/settings/members",
      "/settings/audit",
    ]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle").catch(() => {});
      const { scrollWidth, innerWidth } = await overflow(page);
      if (scrollWidth > innerWidth) failures.push(`${path}: ${scrollWidth} > ${innerWidth}`);
      await shot(page, `5-mobile${path.replace(/\//g, "_").replace(/run-[0-9a-f-]+/, "run")}`);
    }
    expect(failures).toEqual([]);
    await page.close();
  });

  it("the header's menu reaches every section, Callbacks included", async () => {
    const page = await context.newPage();
    await page.goto("/runs");
    await page.getByRole("button", { name: "Menu" }).click();
    const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Callbacks" });
    const box = await link.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await shot(page, "5-mobile-menu");
    await link.click();
    await page.waitForURL("**/callbacks");
    await page.close();
  });

  it("/runs shows each run's id, status, agent and duration within the screen", async () => {
    const page = await context.newPage();
    await page.goto("/runs");
    await page.locator("[data-testid=runs-view][data-ready]").waitFor();
    const row = page.locator(`[data-run-id="${runId}"]`).first();
    for (const column of ["id", "status", "agent", "duration"]) {
      const box = await row.locator(`[data-column=${column}]`).boundingBox();
      expect(box, column).not.toBeNull();
      expect(box!.x + box!.width, column).toBeLessThanOrEqual(390);
    }
    await page.close();
  });
});
