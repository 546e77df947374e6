import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, signedInContext } from "@/test/helpers/browser";
import { shot } from "@/test/helpers/shots";
import { appClient, type AppClient } from "@/test/helpers/trpc-client";

/**
 * The runs list as a new user pages, sorts, filters and picks views (issue #14 part 2, items 1, 3, 4 and 8).
 * 30 runs in the E2E org: 26 finished with distinct durations, 4 still running (no duration).
 */
let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let api: AppClient;
const NS = 1_000_000;
let agentId = "";
let otherAgentId = "";

const tableIds = (page: Page) =>
  page.locator("[data-testid=runs-table] tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")));
const cursorOf = (page: Page) => {
  const q = new URL(page.url()).searchParams;
  return { before: q.get("before"), after: q.get("after") };
};
async function ready(page: Page) {
  await page.locator("[data-testid=runs-view][data-ready]").waitFor();
}

beforeAll(async () => {
  if (!chromiumAvailable) return;
  server = await startAppServer();
  api = appClient(server.url);
  agentId = (await api.agents.create.mutate({ name: "e2e-paging" })).id;
  otherAgentId = (await api.agents.create.mutate({ name: "e2e-other" })).id;
  for (let i = 0; i < 30; i++) {
    const run = await api.runs.create.mutate({ agentId: i % 10 === 9 ? otherAgentId : agentId });
    if (i % 8 !== 7)
      await api.runs.update.mutate({
        runId: run.id,
        status: i % 5 === 4 ? "failed" : "completed",
        totalDurationNs: (100 + i * 37) * NS,
      });
  }
  browser = await launchBrowser();
  context = await signedInContext(browser, server.url);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!chromiumAvailable)("runs list: paging, sorting, views, filter feedback", () => {
  it("1. Older then Newer lands on the first page without a cursor, and the first page is live again", async () => {
    const page = await context.newPage();
    await page.goto("/runs?limit=25");
    await ready(page);
    const first = await api.runs.list.query({ limit: 25 });
    await expect.poll(() => tableIds(page)).toEqual(first.items.map((r) => r.id));
    await page.getByTestId("page-older").click();
    await expect.poll(() => cursorOf(page).after).toBe(first.nextCursor);
    await expect.poll(async () => (await tableIds(page)).length).toBe(5);
    await page.getByTestId("page-newer").click();
    await expect.poll(() => tableIds(page)).toEqual(first.items.map((r) => r.id));
    // The first page is the first page: no cursor in the URL, Newer disabled, live (new runs are announced).
    await expect.poll(() => cursorOf(page)).toEqual({ before: null, after: null });
    expect(await page.getByTestId("page-newer").isDisabled()).toBe(true);
    await shot(page, "1-after-newer");
    const fresh = await api.runs.create.mutate({ agentId });
    await page.getByTestId("new-runs-pill").waitFor({ timeout: 20_000 });
    await page.getByTestId("new-runs-pill").click();
    await expect.poll(async () => (await tableIds(page))[0], { timeout: 20_000 }).toBe(fresh.id);
    await api.runs.update.mutate({ runId: fresh.id, status: "completed", totalDurationNs: 5 * NS });
    await page.close();
  });

  it("3. duration, slowest first: runs without a duration go last in both directions", async () => {
    const page = await context.newPage();
    await page.goto("/runs?orderBy=duration&ascending=false");
    await ready(page);
    // Runs created and never updated are "created": open, like "running", and without a duration.
    const statuses = () =>
      page
        .locator("[data-testid=runs-table] tbody tr")
        .evaluateAll((rows) =>
          rows.map((r) => (r.getAttribute("data-status") === "created" ? "open" : r.getAttribute("data-status"))),
        );
    await expect.poll(async () => (await statuses()).length).toBeGreaterThan(20);
    const shown = await statuses();
    await shot(page, "3-duration-desc");
    expect(shown[0]).not.toBe("open");
    expect(shown.slice(-3)).toEqual(["open", "open", "open"]);
    expect(shown.slice(0, -4).every((s) => s !== "open")).toBe(true);
    // Slowest first among the finished runs.
    const desc = await api.runs.list.query({ orderBy: "duration", ascending: false, limit: 50 });
    expect(await tableIds(page)).toEqual(desc.items.map((r) => r.id));
    const durations = desc.items.flatMap((r) => (r.totalDurationNs === null ? [] : [r.totalDurationNs]));
    expect(durations).toEqual([...durations].sort((a, b) => b - a));

    await page.goto("/runs?orderBy=duration&ascending=true");
    await ready(page);
    await expect.poll(async () => (await statuses()).slice(-3)).toEqual(["open", "open", "open"]);
    expect((await statuses())[0]).not.toBe("open");
    await page.close();
  });

  it("8. a filter click keeps the rows on screen, marked busy, until the new page arrives (no skeleton flash)", async () => {
    const page = await context.newPage();
    await page.goto("/runs");
    await ready(page);
    await expect.poll(async () => (await tableIds(page)).length).toBeGreaterThan(20);
    // Record every moment the table is missing or a loading skeleton is shown.
    await page.evaluate(() => {
      const w = window as unknown as { __flashes: string[] };
      w.__flashes = [];
      new MutationObserver(() => {
        if (!document.querySelector("[data-testid=runs-table]")) w.__flashes.push("table gone");
        if (document.querySelector("main [aria-label=Loading]")) w.__flashes.push("skeleton");
      }).observe(document.body, { childList: true, subtree: true });
    });
    // A slow answer makes the in-between state observable.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/trpc\/[^?]*runs\.list/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId("status-chip-failed").click();
    await expect.poll(() => page.getByTestId("runs-view").getAttribute("aria-busy")).toBe("true");
    expect(await page.locator("[data-testid=runs-table] tbody tr").count()).toBeGreaterThan(20);
    await shot(page, "8-busy");
    release();
    const failed = await api.runs.list.query({ statuses: ["failed"], limit: 50 });
    await expect.poll(() => tableIds(page)).toEqual(failed.items.map((r) => r.id));
    await expect.poll(() => page.getByTestId("runs-view").getAttribute("aria-busy")).toBe("false");
    expect(await page.evaluate(() => (window as unknown as { __flashes: string[] }).__flashes)).toEqual([]);
    await page.close();
  });

  it("4. a saved view fills the controls: its status chips are pressed and its agent is chosen", async () => {
    const view = await api.views.create.mutate({
      name: "Paging failures",
      filters: { agentIds: [agentId], statuses: ["failed"] },
    });
    const page = await context.newPage();
    await page.goto("/runs");
    await ready(page);
    await page.getByTestId("view-select").selectOption(view.id);
    await expect.poll(() => new URL(page.url()).searchParams.get("viewId")).toBe(view.id);
    const viewed = await api.runs.list.query({ viewId: view.id, limit: 50 });
    await expect.poll(() => tableIds(page)).toEqual(viewed.items.map((r) => r.id));
    await shot(page, "4-view-selected");
    expect(await page.getByTestId("status-chip-failed").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("status-chip-completed").getAttribute("aria-pressed")).toBe("false");
    expect(await page.getByTestId("agent-filter").inputValue()).toBe(agentId);
    // A shared link to the view shows the same controls.
    await page.goto(`/runs?viewId=${view.id}`);
    await ready(page);
    expect(await page.getByTestId("status-chip-failed").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("agent-filter").inputValue()).toBe(agentId);
    // Changing a control on top of the view narrows within it (explicit filters override the view's field).
    await page.getByTestId("status-chip-completed").click();
    const both = await api.runs.list.query({ viewId: view.id, statuses: ["failed", "completed"], limit: 50 });
    await expect.poll(() => tableIds(page)).toEqual(both.items.map((r) => r.id));
    await page.close();
  });
});
