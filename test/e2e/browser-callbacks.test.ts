import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, screenshot, signedInContext } from "@/test/helpers/browser";
import { TEST_ENGINE } from "@/test/helpers/db";
import { shot } from "@/test/helpers/shots";
import { appClient } from "@/test/helpers/trpc-client";

let server: AppServer;
let browser: Browser;

const api = () => appClient(server.url);

async function createEndpointInUi(page: Page, name: string): Promise<{ id: string; secret: string }> {
  await page.getByLabel("Endpoint name").fill(name);
  await page.getByRole("button", { name: "Create endpoint" }).click();
  const secret = (await page.getByTestId("secret-value").textContent())!;
  const endpoint = page.locator('[data-testid="endpoint"]', { hasText: name });
  await endpoint.waitFor();
  return { id: (await endpoint.getAttribute("data-endpoint"))!, secret };
}

describe.skipIf(!chromiumAvailable)("callbacks page in a browser", () => {
  beforeAll(async () => {
    // The worker runs inside the app; loopback deliveries to the app's own receiver must be allowed.
    server = await startAppServer({ seedDemo: true, env: { CALLBACK_ALLOWED_HOSTS: "127.0.0.1" } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates an endpoint (URL and secret with copy buttons) and rotates its secret", async () => {
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/callbacks");
    await page.getByText("No callback deliveries yet").waitFor();
    const { id, secret } = await createEndpointInUi(page, "ui inbox");
    expect(id).toMatch(/^endpoint-/);
    expect(secret).toMatch(/^whsec_/);
    const endpoint = page.locator(`[data-endpoint="${id}"]`);
    expect(await endpoint.getByTestId("endpoint-url").textContent()).toMatch(new RegExp(`/api/callbacks/${id}$`));
    await expect.poll(() => endpoint.getByRole("button", { name: /Copy URL/ }).count()).toBe(1);
    await endpoint.getByRole("button", { name: "Rotate secret" }).click();
    await expect.poll(() => page.getByTestId("secret-value").textContent()).not.toBe(secret);
    expect(await page.getByTestId("secret-value").textContent()).toMatch(/^whsec_/);
    expect(await page.getByTestId("signing-secret").textContent()).toMatch(/^whsec_/);
    await context.close();
  });

  // The worker signs with the org's signing secret and the receiver verifies with the endpoint's own secret, so
  // a self-addressed callback only verifies once the endpoint's secret is the org's; no procedure sets that, so
  // the test writes it in the server's database, which only the Postgres engine exposes to the test process.
  it.skipIf(TEST_ENGINE !== "postgres")(
    "a run whose callbackUrl is the app's own receiver shows up delivered and in the inbox",
    async () => {
      const context = await signedInContext(browser, server.url);
      const page = await context.newPage();
      await page.goto("/callbacks");
      const endpoint = await createEndpointInUi(page, "self inbox");
      // The org's outgoing signing secret, as the page reveals it to its owner.
      await page.getByRole("button", { name: "Reveal" }).click();
      const secret = (await page.getByTestId("signing-secret").textContent())!;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
      const client = api();
      const db = new pg.Client({ connectionString: server.databaseUrl! });
      await db.connect();
      try {
        await db.query("update callback_endpoints set secret = $1 where id = $2", [secret, endpoint.id]);
      } finally {
        await db.end();
      }
      const agent = await client.agents.create.mutate({ name: "callback-agent" });
      const run = await client.runs.create.mutate({
        agentId: agent.id,
        callbackUrl: `${server.url}/api/callbacks/${endpoint.id}`,
      });
      await client.runs.update.mutate({ runId: run.id, status: "completed", metadata: { result: "hello from e2e" } });

      const row = page.locator(`[data-testid="delivery-row"][data-run="${run.id}"]`);
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByRole("heading", { name: "Callbacks", exact: true }).waitFor();
            return (await row.count()) ? await row.getByTestId("delivery-status").textContent() : null;
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe("delivered");
      const deliveryId = (await row.getAttribute("data-delivery"))!;
      // The health summary counts it: one delivery, delivered on the first attempt.
      expect(await page.getByTestId("callback-health").textContent()).toMatch(/Success rate100\.0 %1 delivered · 0 failed/);
      const received = page.locator(`[data-testid="received"][data-webhook-id="${deliveryId}"]`);
      await received.waitFor();
      expect(await received.textContent()).toContain("signature verified");
      await received.locator("summary").click();
      expect(await received.getByTestId("received-headers").textContent()).toContain(deliveryId);
      const body = JSON.parse((await received.getByTestId("received-body").textContent())!);
      expect(body).toMatchObject({ run_id: run.id, status: "completed" });
      await row.getByRole("button", { name: "Attempts" }).click();
      await page.getByTestId("attempts").waitFor();
      expect(await page.getByTestId("attempts").textContent()).toContain("delivered");
      await screenshot(page, "callbacks-1280");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "callbacks-390");
      await context.close();
    },
  );

  it("a refused target (private address, not allow-listed) is explained on the page, not only in a cut-off error", async () => {
    const client = api();
    const agent = await client.agents.create.mutate({ name: "refused-agent" });
    // 127.0.0.2 is loopback and not in CALLBACK_ALLOWED_HOSTS (127.0.0.1 only): the guard refuses it.
    const run = await client.runs.create.mutate({ agentId: agent.id, callbackUrl: "http://127.0.0.2:9/hook" });
    await client.runs.update.mutate({ runId: run.id, status: "completed" });
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    await expect
      .poll(
        async () => {
          await page.goto(`/runs/${run.id}`);
          // The deliveries section renders after hydration: wait a little for it on each load.
          return page
            .getByText(/is not in CALLBACK_ALLOWED_HOSTS/)
            .first()
            .waitFor({ timeout: 3_000 })
            .then(
              () => 1,
              () => 0,
            );
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    await page.getByTestId("refusal-hint").waitFor({ timeout: 5_000 });
    await shot(page, "9-run-refusal-hint");
    await page.goto("/callbacks");
    const hint = page.getByTestId("refusal-hint");
    await hint.waitFor({ timeout: 5_000 });
    expect(await hint.textContent()).toContain("CALLBACK_ALLOWED_HOSTS");
    await shot(page, "9-refusal-hint");
    await context.close();
  });
});
