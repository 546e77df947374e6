import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, signedInContext } from "@/test/helpers/browser";
import { shot } from "@/test/helpers/shots";
import { appClient } from "@/test/helpers/trpc-client";

/**
 * The percentile chart as a new user reads and clicks it (issue #14 part 2, items 2 and 6): 20 completed runs of
 * 1–20 s, one failed, one 16.7-minute outlier, and a cancelled 30-minute run that must not count by default.
 */
const S = 1_000_000_000;
let server: AppServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  server = await startAppServer();
  const api = appClient(server.url);
  const agentId = (await api.agents.create.mutate({ name: "e2e-chart" })).id;
  const specs = [
    ...Array.from({ length: 20 }, (_, i) => ({ seconds: i + 1, status: "completed" as const })),
    { seconds: 5, status: "failed" as const },
    { seconds: 1000, status: "completed" as const },
    { seconds: 1800, status: "cancelled" as const },
  ];
  await Promise.all(
    specs.map(async (spec) => {
      const run = await api.runs.create.mutate({ agentId });
      await api.runs.update.mutate({ runId: run.id, status: spec.status, totalDurationNs: spec.seconds * S });
    }),
  );
  browser = await launchBrowser();
  context = await signedInContext(browser, server.url);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const yTicks = (page: Page) => page.locator("[data-testid=percentile-chart] [data-testid=y-tick]").allTextContents();

describe.skipIf(!chromiumAvailable)("the percentile chart", () => {
  it("2. a click on a point lists every percentile of its bucket as a link; p95 opens exactly p95", async () => {
    const page = await context.newPage();
    await page.goto("/analytics?range=1h");
    const p95 = page.locator('[data-testid=chart-point][data-line="p95"]').first();
    await p95.waitFor();
    const box = (await p95.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const links = page.getByTestId("bucket-links");
    await links.waitFor({ timeout: 5_000 });
    expect(await links.getByRole("link").allTextContents()).toEqual([
      expect.stringMatching(/^p50/),
      expect.stringMatching(/^p95/),
      expect.stringMatching(/^p99/),
    ]);
    await shot(page, "2-bucket-links");
    await links.getByRole("link", { name: /^p95/ }).click();
    await page.waitForURL((url) => url.pathname === "/runs");
    expect(new URL(page.url()).searchParams.get("durationPercentile")).toBe("95");
    await page.close();
  });

  it("6. counts completed and failed runs by default and says so; round ticks; a log scale for outliers", async () => {
    const page = await context.newPage();
    await page.goto("/analytics?range=1h");
    const legend = page.getByTestId("series-legend");
    // 20 completed + 1 failed + the completed outlier; the cancelled run is not counted.
    await expect.poll(() => legend.first().textContent()).toMatch(/n = 22$/);
    expect(await page.getByTestId("chart-statuses").textContent()).toMatch(/completed.*failed/);
    await expect.poll(async () => (await yTicks(page)).length).toBeGreaterThan(2);
    await shot(page, "6-linear");
    // Round ticks: whole numbers of one unit each ("0", "5 min", "10 min"), never "4.2 min".
    for (const tick of await yTicks(page)) expect(tick).toMatch(/^(0|\d+ (µs|ms|s|min|h))$/);
    // Tick labels are not clipped: each lies inside the chart's svg.
    const clipped = await page.evaluate(() => {
      const svg = document.querySelector("[data-testid=percentile-chart] svg")!.getBoundingClientRect();
      return [...document.querySelectorAll("[data-testid=percentile-chart] [data-testid=y-tick]")]
        .map((t) => t.getBoundingClientRect())
        .filter((r) => r.left < svg.left - 0.5).length;
    });
    expect(clipped).toBe(0);

    await page.getByRole("button", { name: "Log scale" }).click();
    await page.waitForURL((url) => url.searchParams.get("scale") === "log");
    await expect.poll(async () => (await yTicks(page)).length).toBeGreaterThan(2);
    await shot(page, "6-log");
    const ticks = await yTicks(page);
    for (const tick of ticks) expect(tick).toMatch(/^\d+ (µs|ms|s|min|h)$/);
    expect(ticks).toContain("10 s");
    // Cancelled runs can still be chosen explicitly.
    await page.goto("/analytics?range=1h&statuses=completed,failed,cancelled");
    await expect.poll(() => legend.first().textContent()).toMatch(/n = 23$/);
    await page.close();
  });
});
