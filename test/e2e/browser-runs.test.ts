import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, screenshot, signedInContext } from "@/test/helpers/browser";
import { appClient, type AppClient } from "@/test/helpers/trpc-client";

/**
 * The runs table and run page in a real browser against `next start`.
 * The browser signs in as the headless-init owner, so it sees the E2E org (not the seeded demo org):
 * every run here is created in that org through the tRPC HTTP API with the E2E_INIT API key.
 */
let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let api: AppClient;

const NS = 1_000_000;
let ended = 0;
const ids = {
  alpha: "",
  beta: "",
  bulkAgent: "",
  cancelAgent: "",
  alphaWithSteps: "",
  alphaRunning: "",
  cancelTarget: "",
};

async function makeRun(agentId: string, options: { steps?: number; end?: "completed" | "failed"; callbackUrl?: string } = {}) {
  const run = await api.runs.create.mutate({ agentId, metadata: { source: "e2e" }, callbackUrl: options.callbackUrl });
  for (let i = 0; i < (options.steps ?? 0); i++) {
    await api.steps.create.mutate({
      runId: run.id,
      model: "gpt-4o-mini",
      providerName: "openai",
      promptTokens: 100 + i,
      completionTokens: 20,
      status: i === 1 && options.end === "failed" ? "failed" : "success",
      errorType: i === 1 && options.end === "failed" ? "RateLimitError" : undefined,
      errorData: i === 1 && options.end === "failed" ? { status_code: 429, message: "slow down" } : undefined,
      timings: { llmRequestNs: (300 + i * 100) * NS, toolExecutionNs: 50 * NS, stepNs: (360 + i * 100) * NS },
      messages: [
        {
          role: "assistant",
          content: [{ type: "text", text: `step ${i + 1}` }],
          toolCalls: [{ id: `call_${i}`, name: "lookup", arguments: '{"q":1}' }],
        },
        { role: "tool", toolReturns: [{ tool_call_id: `call_${i}`, status: "success", func_response: '{"ok":true}' }] },
      ],
    });
  }
  if (options.end)
    // Distinct durations (1.5 s, 1.6 s, …): the duration sort is then checked on its own, not on the id tie-break.
    await api.runs.update.mutate({
      runId: run.id,
      status: options.end,
      totalDurationNs: (1500 + 100 * ended++) * NS,
      ttftNs: 200 * NS,
    });
  return run.id;
}

/** The run ids the table shows, top to bottom. */
const tableIds = (page: Page) =>
  page.locator("[data-testid=runs-table] tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")));

async function expectRows(page: Page, expected: string[]) {
  await expect.poll(() => tableIds(page), { timeout: 20_000 }).toEqual(expected);
}

beforeAll(async () => {
  if (!chromiumAvailable) return;
  // RUNS_E2E_DIST_DIR: run against a build of one's own (other suites may be rebuilding .next-test meanwhile).
  const distDir = process.env.RUNS_E2E_DIST_DIR;
  server = await startAppServer({ seedDemo: true, env: distDir ? { NEXT_DIST_DIR: distDir } : {} });
  api = appClient(server.url);
  ids.alpha = (await api.agents.create.mutate({ name: "e2e-alpha" })).id;
  ids.beta = (await api.agents.create.mutate({ name: "e2e-beta" })).id;
  ids.bulkAgent = (await api.agents.create.mutate({ name: "e2e-bulk" })).id;
  ids.cancelAgent = (await api.agents.create.mutate({ name: "e2e-cancel" })).id;
  ids.alphaWithSteps = await makeRun(ids.alpha, { steps: 3, end: "completed" });
  await makeRun(ids.alpha, { steps: 1, end: "completed" });
  await makeRun(ids.alpha, { steps: 2, end: "failed" });
  ids.alphaRunning = await makeRun(ids.alpha, { steps: 1 });
  await makeRun(ids.beta, { steps: 1, end: "completed" });
  await makeRun(ids.beta, { steps: 2, end: "completed" });
  await makeRun(ids.bulkAgent, { steps: 1 });
  await makeRun(ids.bulkAgent, { steps: 1, end: "completed" });
  await makeRun(ids.bulkAgent);
  ids.cancelTarget = await makeRun(ids.cancelAgent, { steps: 1 });
  browser = await launchBrowser();
  context = await signedInContext(browser, server.url);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!chromiumAvailable)("runs table and run page in the browser", () => {
  it("filters the table: the URL changes, rows match runs.list, reload keeps and back restores the filters", async () => {
    const page = await context.newPage();
    await page.goto("/runs");
    // The browser's org is the E2E org: the table is exactly runs.list of that org.
    const all = await api.runs.list.query({ limit: 50 });
    await expectRows(
      page,
      all.items.map((r) => r.id),
    );
    await expect.poll(() => page.getByTestId("run-count").textContent()).toBe(`${all.items.length} runs`);

    await page.getByTestId("status-chip-completed").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("statuses")).toBe("completed");
    const completed = await api.runs.list.query({ statuses: ["completed"], limit: 50 });
    await expectRows(
      page,
      completed.items.map((r) => r.id),
    );

    await page.getByTestId("agent-filter").selectOption(ids.alpha);
    await expect.poll(() => new URL(page.url()).searchParams.get("agentIds")).toBe(ids.alpha);
    const alphaCompleted = await api.runs.list.query({ statuses: ["completed"], agentIds: [ids.alpha], limit: 50 });
    expect(alphaCompleted.items).toHaveLength(2);
    await expectRows(
      page,
      alphaCompleted.items.map((r) => r.id),
    );
    // Every visible row shows the agent's name and a completed badge.
    await expect.poll(() => page.locator("tbody tr[data-status=completed]").count()).toBe(2);
    expect(await page.locator("tbody").textContent()).toContain("e2e-alpha");

    await page.reload();
    await expectRows(
      page,
      alphaCompleted.items.map((r) => r.id),
    );
    expect(await page.getByTestId("status-chip-completed").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("agent-filter").inputValue()).toBe(ids.alpha);

    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get("agentIds")).toBeNull();
    await expectRows(
      page,
      completed.items.map((r) => r.id),
    );

    // Sort by duration through the column header: URL and rows follow runs.list.
    await page.getByRole("button", { name: /^Duration/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("orderBy")).toBe("duration");
    const byDuration = await api.runs.list.query({ statuses: ["completed"], orderBy: "duration", limit: 50 });
    await expectRows(
      page,
      byDuration.items.map((r) => r.id),
    );
    await page.close();
  });

  it("j/k walk the filtered rows and Enter opens one; the run page shows its steps, messages and usage", async () => {
    const page = await context.newPage();
    await page.goto(`/runs?agentIds=${ids.alpha}`);
    const alpha = await api.runs.list.query({ agentIds: [ids.alpha], limit: 50 });
    await expectRows(
      page,
      alpha.items.map((r) => r.id),
    );
    await page.locator("[data-testid=runs-view][data-ready]").waitFor();
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/runs/${alpha.items[1].id}`);

    await page.goto(`/runs/${ids.alphaWithSteps}`);
    const steps = await api.steps.list.query({ runId: ids.alphaWithSteps, ascending: true });
    await expect.poll(() => page.getByTestId("step").count(), { timeout: 20_000 }).toBe(3);
    expect(await page.getByTestId("step").evaluateAll((els) => els.map((e) => e.getAttribute("data-step-id")))).toEqual(
      steps.items.map((s) => s.id),
    );
    expect(await page.getByTestId("step-timeline").textContent()).toContain("gpt-4o-mini");
    expect(await page.getByTestId("messages").textContent()).toContain("lookup");
    const usage = await api.runs.usage.query({ runId: ids.alphaWithSteps });
    expect(await page.getByTestId("usage").textContent()).toContain(usage.totalTokens.toLocaleString("en-US"));
    expect(await page.locator("[data-testid=run-status] [data-status]").getAttribute("data-status")).toBe("completed");
    await screenshot(page, "run-detail-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "run-detail-390");
    await page.close();
  });

  it("sets step feedback and tags through steps.setFeedback", async () => {
    const page = await context.newPage();
    await page.goto(`/runs/${ids.alphaWithSteps}`);
    const first = page.getByTestId("step").first();
    await first.getByTestId("feedback-positive").click();
    await expect.poll(() => first.getByTestId("feedback-positive").getAttribute("aria-pressed")).toBe("true");
    const stepId = (await first.getAttribute("data-step-id"))!;
    expect((await api.steps.get.query({ stepId })).feedback).toBe("positive");

    await first.getByTestId("step-tags").fill("slow, e2e");
    await first.getByTestId("save-tags").click();
    await expect.poll(async () => (await api.steps.get.query({ stepId })).tags).toEqual(["slow", "e2e"]);

    await first.getByTestId("feedback-negative").click();
    await expect.poll(async () => (await api.steps.get.query({ stepId })).feedback).toBe("negative");
    await page.close();
  });

  it("cancels a running run with the Cancel button (a server action) and shows the new status without a reload", async () => {
    const page = await context.newPage();
    await page.goto(`/runs/${ids.cancelTarget}`);
    await page.locator("[data-testid=run-status] [data-status=running]").waitFor();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.getByTestId("cancel-run").click();
    await page.getByTestId("confirm-cancel-run").click();
    await page.locator("[data-testid=run-status] [data-status=cancelled]").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("cancel-outcome").textContent()).toBe("Run cancelled.");
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect((await api.runs.get.query({ runId: ids.cancelTarget })).status).toBe("cancelled");
    await page.close();
  });

  it("bulk cancel previews 'N match, M already terminal' and ends with a per-run receipt", async () => {
    const page = await context.newPage();
    await page.goto(`/runs?agentIds=${ids.bulkAgent}`);
    const before = await api.runs.list.query({ agentIds: [ids.bulkAgent], limit: 50 });
    await expectRows(
      page,
      before.items.map((r) => r.id),
    );
    await page.getByLabel("Select all runs on this page").check();
    await page.getByTestId("bulk-cancel").click();
    await expect
      .poll(() => page.getByTestId("cancel-preview").textContent(), { timeout: 20_000 })
      .toBe("3 match, 1 already terminal — 2 will be cancelled.");
    await screenshot(page, "runs-bulk-preview-1280");
    await page.getByTestId("confirm-bulk-cancel").click();
    const receipt = page.getByTestId("cancel-receipt");
    await receipt.waitFor({ timeout: 20_000 });
    expect(await receipt.locator("li[data-outcome=cancelled]").count()).toBe(2);
    expect(await receipt.locator("li[data-outcome=already_terminal]").count()).toBe(1);
    const after = await api.runs.list.query({ agentIds: [ids.bulkAgent], limit: 50 });
    expect(after.items.map((r) => r.status).sort()).toEqual(["cancelled", "cancelled", "completed"]);
    await page.close();
  });

  it("a saved view filters the table like runs.list({ viewId })", async () => {
    const view = await api.views.create.mutate({
      name: "Alpha failures",
      filters: { agentIds: [ids.alpha], statuses: ["failed"] },
    });
    const page = await context.newPage();
    await page.goto("/runs");
    await page.getByTestId("view-select").selectOption(view.id);
    await expect.poll(() => new URL(page.url()).searchParams.get("viewId")).toBe(view.id);
    const viewed = await api.runs.list.query({ viewId: view.id, limit: 50 });
    expect(viewed.items).toHaveLength(1);
    expect(viewed.items[0].status).toBe("failed");
    await expectRows(
      page,
      viewed.items.map((r) => r.id),
    );
    await page.close();
  });

  it("exports every run matching the filter as CSV, JSON and JSONL with the chosen columns", async () => {
    const expected = await api.runs.list.query({ agentIds: [ids.alpha], statuses: ["completed"], limit: 50 });
    const base = `/api/runs/export?agentIds=${ids.alpha}&statuses=completed&cols=id,status,agent,tokens`;
    const csv = await context.request.get(`${base}&format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,status,agent,tokens");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(expected.items.map((r) => r.id));
    expect(lines.slice(1).every((l) => l.includes(",completed,e2e-alpha,"))).toBe(true);

    const json = (await (await context.request.get(`${base}&format=json`)).json()) as { id: string; tokens: number }[];
    expect(json.map((r) => r.id)).toEqual(expected.items.map((r) => r.id));
    expect(json.map((r) => r.tokens)).toEqual(expected.items.map((r) => r.totalTokens));

    const jsonl = (await (await context.request.get(`${base}&format=jsonl`)).text()).trim().split("\n");
    expect(jsonl.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(expected.items.map((r) => r.id));

    // Without a session or key: 401. A filter that does not validate is an error, never a wider export.
    const anonymous = await fetch(`${server.url}${base}&format=csv`);
    expect(anonymous.status).toBe(401);
    expect((await context.request.get("/api/runs/export?statuses=nonsense&format=csv")).status()).toBe(400);
  });

  it("live refresh patches an open run in place and announces new runs with a pill", async () => {
    const page = await context.newPage();
    await page.goto(`/runs?agentIds=${ids.alpha}`);
    const row = page.locator(`tr[data-run-id="${ids.alphaRunning}"]`);
    await expect.poll(() => row.getAttribute("data-status")).toBe("running");
    const shown = await tableIds(page);
    await api.runs.update.mutate({ runId: ids.alphaRunning, status: "completed", totalDurationNs: 900 * NS });
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 20_000 }).toBe("completed");
    const fresh = await makeRun(ids.alpha);
    await page.getByTestId("new-runs-pill").waitFor({ timeout: 25_000 });
    expect(await page.getByTestId("new-runs-pill").textContent()).toContain("1 new run");
    // The table did not shift under the reader.
    expect(await tableIds(page)).toEqual(shown);
    await screenshot(page, "runs-live-pill-1280");
    await page.getByTestId("new-runs-pill").click();
    await expect.poll(async () => (await tableIds(page))[0], { timeout: 20_000 }).toBe(fresh);
    await page.close();
  });

  it("renders the runs table at 1280 px, at phone width and in dark mode (screenshots)", async () => {
    const page = await context.newPage();
    await page.goto("/runs");
    await page.locator("[data-testid=runs-table]").waitFor();
    await page.locator("[data-testid=runs-view][data-ready]").waitFor();
    await screenshot(page, "runs-1280");
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await screenshot(page, "runs-cheatsheet-1280");
    await page.keyboard.press("Escape");
    await page.getByTestId("more-filters").click();
    await screenshot(page, "runs-filters-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "runs-390");
    await page.close();

    const dark = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1280, height: 900 },
      colorScheme: "dark",
      storageState: await context.storageState(),
    });
    const darkPage = await dark.newPage();
    await darkPage.goto("/runs");
    await darkPage.locator("[data-testid=runs-table]").waitFor();
    await screenshot(darkPage, "runs-dark-1280");
    await darkPage.goto(`/runs/${ids.alphaWithSteps}`);
    await darkPage.getByTestId("step-timeline").waitFor();
    await screenshot(darkPage, "run-detail-dark-1280");
    await dark.close();
  });
});
