import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, screenshot, signedInContext } from "@/test/helpers/browser";
import { appClient } from "@/test/helpers/trpc-client";

const S = 1_000_000_000;
let server: AppServer;
let browser: Browser;
const agents = { fast: "", slow: "" };
let slowestRunId = "";
let slowestCreatedAt = new Date(0);

/** Runs in the E2E org (the one the browser session acts on), through the tRPC HTTP API. */
async function seed() {
  const api = appClient(server.url);
  agents.fast = (await api.agents.create.mutate({ name: "e2e-fast" })).id;
  agents.slow = (await api.agents.create.mutate({ name: "e2e-slow" })).id;
  const specs = [
    ...Array.from({ length: 25 }, (_, i) => ({ agentId: agents.fast, seconds: i + 1, status: "completed" as const })),
    ...[30, 40, 50, 60, 70].map((seconds) => ({ agentId: agents.slow, seconds, status: "completed" as const })),
    { agentId: agents.slow, seconds: 10, status: "failed" as const },
  ];
  await Promise.all(
    specs.map(async (spec) => {
      const run = await api.runs.create.mutate({ agentId: spec.agentId });
      await api.steps.create.mutate({
        runId: run.id,
        model: "gpt-e2e",
        status: "success",
        promptTokens: 10,
        completionTokens: 5,
      });
      await api.runs.update.mutate({
        runId: run.id,
        status: spec.status,
        totalDurationNs: spec.seconds * S,
        ttftNs: (spec.seconds * S) / 10,
      });
      if (spec.seconds === 70) [slowestRunId, slowestCreatedAt] = [run.id, run.createdAt];
    }),
  );
}

describe.skipIf(!chromiumAvailable)("analytics and agents pages in a browser", () => {
  beforeAll(async () => {
    server = await startAppServer({ seedDemo: true });
    await seed();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("draws the percentile chart with points, n in the tooltip, and screenshots at 1280 and 390 px", async () => {
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/analytics?range=1h");
    const points = page.getByTestId("chart-point");
    await expect.poll(() => points.count()).toBeGreaterThan(0);
    // One legend entry per default percentile, each with the period's n (31 runs; all have a duration).
    const legend = page.getByTestId("series-legend");
    await expect.poll(() => legend.count()).toBe(3);
    expect(await legend.allTextContents()).toEqual([
      expect.stringMatching(/^p50.*n = 31$/),
      expect.stringMatching(/^p95.*n = 31$/),
      expect.stringMatching(/^p99.*n = 31$/),
    ]);
    await points.first().hover({ force: true });
    const tooltip = page.getByTestId("chart-tooltip");
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/n = \d+/);
    await screenshot(page, "analytics-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await points.count()).toBeGreaterThan(0);
    await screenshot(page, "analytics-390");
    await context.close();
  });

  it("keeps range and grouping in the URL", async () => {
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/analytics?range=1h");
    await page.getByRole("link", { name: "Last 24 h" }).click();
    await page.waitForURL((url) => url.searchParams.get("range") === "24h");
    await page.getByLabel("Group by").selectOption("agent");
    await page.waitForURL((url) => url.searchParams.get("groupBy") === "agent" && url.searchParams.get("range") === "24h");
    const legend = page.getByTestId("series-legend");
    await expect
      .poll(() => legend.allTextContents())
      .toEqual([expect.stringMatching(/^e2e-fast · p95.*n = 25$/), expect.stringMatching(/^e2e-slow · p95.*n = 6$/)]);
    await page.getByRole("button", { name: "p75" }).click();
    await page.waitForURL((url) => url.searchParams.get("p") === "50,75,95,99");
    await context.close();
  });

  it("clicking a point, then its line's link, opens /runs filtered to that window and group, duration ≥ the percentile, slowest first", async () => {
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/analytics?range=1h&groupBy=agent");
    const slowPoints = page.locator('[data-testid="chart-point"][data-line="e2e-slow · p95"]');
    await slowPoints.first().waitFor();
    // The 1-minute bucket holding the slowest run (the runs were created in a burst, usually all in one minute).
    const bucketStart = new Date(Math.floor(slowestCreatedAt.getTime() / 60_000) * 60_000).toISOString();
    const hrefs = await slowPoints.evaluateAll((els) => els.map((el) => el.getAttribute("data-href")!));
    const index = hrefs.findIndex((h) => new URL(h, "http://x").searchParams.get("startDate") === bucketStart);
    expect(index).toBeGreaterThanOrEqual(0);
    const point = slowPoints.nth(index);
    const href = hrefs[index];
    await point.hover({ force: true });
    await point.click({ force: true });
    // The click pins the bucket: one link per line; the slow agent's p95 opens exactly the point's runs.
    await page.getByTestId("bucket-links").locator('a[data-line="e2e-slow · p95"]').click();
    await page.waitForURL((url) => url.pathname === "/runs");
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe(href);
    const params = url.searchParams;
    expect(params.get("agentId")).toBe(agents.slow);
    expect(params.get("durationPercentile")).toBe("95");
    expect(params.get("orderBy")).toBe("duration");
    expect(params.get("ascending")).toBe("false");
    const start = new Date(params.get("startDate")!);
    const end = new Date(params.get("endDate")!);
    expect(start.getUTCSeconds()).toBe(0); // a 1-minute bucket of the 1 h range
    expect(end.getTime() - start.getTime()).toBe(60_000 - 1);
    expect(start.toISOString()).toBe(bucketStart);
    // The runs page lists the runs at or above that bucket's p95, slowest first: the 70 s run leads.
    const firstRow = page.locator("tr[data-run-id]").first();
    await firstRow.waitFor();
    expect(await firstRow.getAttribute("data-run-id")).toBe(slowestRunId);
    await screenshot(page, "analytics-point-to-runs");
    await context.close();
  });

  it("lists agents with run counts, error rates and p95, linking to their runs", async () => {
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/agents");
    const rows = page.getByTestId("agent-row");
    await expect.poll(() => rows.count()).toBe(2);
    const slow = page.locator('[data-testid="agent-row"][data-agent="e2e-slow"]');
    expect(await slow.getByTestId("agent-runs").textContent()).toBe("6");
    expect(await slow.textContent()).toContain("16.7 %");
    expect(await page.locator('[data-testid="agent-row"][data-agent="e2e-fast"]').getByTestId("agent-runs").textContent()).toBe(
      "25",
    );
    const link = slow.getByRole("link", { name: "e2e-slow" });
    expect(await link.getAttribute("href")).toBe(`/runs?agentId=${agents.slow}`);
    await screenshot(page, "agents-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "agents-390");
    await context.close();
  });
});
