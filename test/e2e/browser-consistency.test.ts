import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, signedInContext } from "@/test/helpers/browser";
import { shot } from "@/test/helpers/shots";
import { appClient, type AppClient } from "@/test/helpers/trpc-client";

/** Small things a new user trips on, page by page (issue #14 part 2, item 10). */
let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let api: AppClient;
const NS = 1_000_000;
let oneStepRun = "";
let runningRun = "";

beforeAll(async () => {
  if (!chromiumAvailable) return;
  server = await startAppServer();
  api = appClient(server.url);
  const agentId = (await api.agents.create.mutate({ name: "e2e-consistency" })).id;
  oneStepRun = (await api.runs.create.mutate({ agentId })).id;
  await api.steps.create.mutate({
    runId: oneStepRun,
    model: "gpt-4o-mini",
    status: "success",
    promptTokens: 10,
    completionTokens: 5,
    // An LLM-only step: no tool ran, so there is no tool time to show.
    timings: { llmRequestNs: 300 * NS, toolExecutionNs: 0, stepNs: 300 * NS },
  });
  await api.runs.update.mutate({ runId: oneStepRun, status: "completed", totalDurationNs: 300 * NS });
  runningRun = (await api.runs.create.mutate({ agentId })).id;
  // Something in the audit log: a cancelled run.
  await api.runs.cancel.mutate({ runId: (await api.runs.create.mutate({ agentId })).id });
  browser = await launchBrowser();
  context = await signedInContext(browser, server.url);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const menuOpen = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((summary) => (summary.parentElement as HTMLDetailsElement).open);

describe.skipIf(!chromiumAvailable)("consistency across pages", () => {
  it("a missing run answers 404 with a designed not-found page", async () => {
    const page = await context.newPage();
    const response = await page.goto("/runs/run-00000000-0000-4000-8000-000000000000");
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "Run not found" }).waitFor();
    expect(await page.getByRole("link", { name: /all runs/i }).getAttribute("href")).toBe("/runs");
    await shot(page, "10-run-not-found");
    await page.close();
  });

  it("has a favicon, a skip link first in tab order, and no Sign out for signed-out visitors", async () => {
    const anonymous = await browser.newContext({ baseURL: server.url });
    const page = await anonymous.newPage();
    await page.goto("/sign-in");
    expect(await page.locator("link[rel=icon]").count()).toBeGreaterThan(0);
    const icon = await page.locator("link[rel=icon]").first().getAttribute("href");
    expect((await anonymous.request.get(icon!)).status()).toBe(200);
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await anonymous.close();
  });

  it("Columns and Export menus close on Escape and on a click outside", async () => {
    const page = await context.newPage();
    await page.goto("/runs");
    await page.locator("[data-testid=runs-view][data-ready]").waitFor();
    for (const menu of ["column-picker", "export-menu"]) {
      await page.getByTestId(menu).click();
      expect(await menuOpen(page, menu)).toBe(true);
      await page.keyboard.press("Escape");
      await expect.poll(() => menuOpen(page, menu)).toBe(false);
      await page.getByTestId(menu).click();
      expect(await menuOpen(page, menu)).toBe(true);
      await page.locator("h1").click();
      await expect.poll(() => menuOpen(page, menu)).toBe(false);
    }
    await page.close();
  });

  it("running rows show their elapsed time, and the count follows live data", async () => {
    const page = await context.newPage();
    await page.goto("/runs");
    await page.locator("[data-testid=runs-view][data-ready]").waitFor();
    const running = page.locator(`tr[data-run-id="${runningRun}"] td[data-column=duration]`);
    await expect.poll(() => running.textContent()).toMatch(/^\d+(\.\d+)? (ms|s)|^\d+ min/);
    const before = Number((await page.getByTestId("run-count").textContent())!.split(" ")[0]);
    await api.runs.create.mutate({ agentId: (await api.runs.get.query({ runId: runningRun })).agentId });
    await expect.poll(() => page.getByTestId("run-count").textContent(), { timeout: 20_000 }).toBe(`${before + 1} runs`);
    await shot(page, "10-runs-live-count");
    await page.close();
  });

  it("run page: '1 step', no 'tool 0 µs'; settings tabs mark the active one; the audit log uses the app's times", async () => {
    const page = await context.newPage();
    await page.goto(`/runs/${oneStepRun}`);
    await page.getByTestId("step").first().waitFor();
    expect(await page.getByTestId("usage-steps").textContent()).toBe("1 step");
    expect(await page.getByTestId("step").first().textContent()).not.toContain("tool 0 µs");
    await shot(page, "10-run-one-step");

    await page.goto("/settings/api-keys");
    const tabs = page.getByRole("navigation", { name: "Settings" });
    await expect.poll(() => tabs.getByRole("link", { name: "API keys" }).getAttribute("aria-current")).toBe("page");
    await page.goto("/settings/audit");
    await expect.poll(() => tabs.getByRole("link", { name: "Audit log" }).getAttribute("aria-current")).toBe("page");
    expect(await tabs.getByRole("link", { name: "API keys" }).getAttribute("aria-current")).toBeNull();
    // One date format: the audit log's times are the same <time> as everywhere (local, UTC on hover).
    await page.locator("[data-testid=audit-table] time[title$=UTC]").first().waitFor();
    await shot(page, "10-audit");
    await page.close();
  });
});
