import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { AppRouter } from "@/server/root";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, signedInContext } from "@/test/helpers/browser";
import { appClient } from "@/test/helpers/trpc-client";

const RATE_LIMIT = 10;
let server: AppServer;

const client = (headers: Record<string, string>) => appClient(server.url, () => headers, { batch: false });

/** Signs in over HTTP (better-auth's endpoint) and returns the session cookie as a Cookie header. */
async function sessionCookie(email = E2E_INIT.RUNTOWER_INIT_USER_EMAIL, password = E2E_INIT.RUNTOWER_INIT_USER_PASSWORD) {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email, password }),
  });
  return {
    status: res.status,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

beforeAll(async () => {
  server = await startAppServer({ env: { RUNTOWER_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
});
afterAll(async () => server?.stop());

describe("sign-in, sessions and API keys over HTTP", () => {
  it("pages redirect to /sign-in without a session", async () => {
    // Follows the app's own redirects (e.g. / → /runs) and expects the chain to end at /sign-in.
    async function landing(path: string): Promise<string> {
      let url = new URL(path, server.url);
      for (let hop = 0; hop < 5; hop++) {
        const res = await fetch(url, { redirect: "manual" });
        await res.arrayBuffer();
        if (res.status < 300 || res.status >= 400) return url.pathname;
        url = new URL(res.headers.get("location")!, url);
      }
      return url.pathname;
    }
    // (Streamed pages such as /runs redirect in the browser instead: see the chromium test below.)
    for (const path of ["/settings", "/settings/api-keys", "/settings/audit"]) {
      expect(await landing(path), path).toBe("/sign-in");
    }
    const signIn = await fetch(`${server.url}/sign-in`);
    expect(signIn.status).toBe(200);
    // Production without RUNTOWER_SEED_DEMO: no demo credentials on the page.
    expect(await signIn.text()).not.toContain("demo@runtower.dev");
  });

  it("tRPC without credentials is UNAUTHORIZED; the init user's session and the init key both work", async () => {
    const anonymous = await client({})
      .me.get.query()
      .catch((e: unknown) => e);
    expect((anonymous as TRPCClientError<AppRouter>).data?.code).toBe("UNAUTHORIZED");

    const wrong = await sessionCookie(E2E_INIT.RUNTOWER_INIT_USER_EMAIL, "not-the-password");
    expect(wrong.status).toBe(401);

    const { status, cookie } = await sessionCookie();
    expect(status).toBe(200);
    const me = await client({ cookie }).me.get.query();
    expect(me).toMatchObject({ user: { email: E2E_INIT.RUNTOWER_INIT_USER_EMAIL }, role: "owner" });
    expect(me.organization.id).toBe(E2E_INIT.RUNTOWER_INIT_ORG_ID);
    expect(me.permissions).toContain("keys:manage");

    const byKey = await client({ authorization: `Bearer ${E2E_INIT.RUNTOWER_INIT_API_KEY}` }).me.get.query();
    expect(byKey).toMatchObject({
      user: null,
      role: "member",
      apiKey: { displayPrefix: E2E_INIT.RUNTOWER_INIT_API_KEY.slice(0, 10) },
    });
  });

  it("a read-only key reads but cannot mutate; a revoked key is refused", async () => {
    const { cookie } = await sessionCookie();
    const owner = client({ cookie });
    const { key, token } = await owner.apiKeys.create.mutate({ name: "ro over http", role: "viewer" });
    const ro = client({ authorization: `Bearer ${token}` });
    expect((await ro.runs.list.query({})).items).toBeInstanceOf(Array);
    const denied = (await ro.agents.create.mutate({ name: "x" }).catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(denied.data?.code).toBe("FORBIDDEN");
    expect(denied.data?.httpStatus).toBe(403);
    expect(denied.message).toContain("agents:write");
    await owner.apiKeys.revoke.mutate({ keyId: key.id });
    const revoked = (await ro.runs.list.query({}).catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(revoked.data?.code).toBe("UNAUTHORIZED");
  });

  it(`answers 429 with Retry-After once a key passes RUNTOWER_RATE_LIMIT_PER_MINUTE=${RATE_LIMIT}`, async () => {
    const { cookie } = await sessionCookie();
    const { token } = await client({ cookie }).apiKeys.create.mutate({ name: "limited" });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < RATE_LIMIT + 1; i++) {
      const res = await fetch(`${server.url}/api/trpc/me.get`, { headers: { authorization: `Bearer ${token}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get("retry-after");
        const body = (await res.json()) as { error: { json: { data: { code: string } } } };
        expect(body.error.json.data.code).toBe("TOO_MANY_REQUESTS");
      } else await res.arrayBuffer();
    }
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses[RATE_LIMIT]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // The session (no API key) is not limited by the key's counter.
    expect((await client({ cookie }).me.get.query()).role).toBe("owner");
  });
});

describe.skipIf(!chromiumAvailable)("sign-in pages in chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("redirects to /sign-in, refuses a wrong password, signs in, and signs out", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    for (const path of ["/", "/runs", "/settings/api-keys"]) {
      await page.goto(path);
      await page.waitForURL((url) => url.pathname === "/sign-in");
    }

    await page.getByLabel("Email").fill(E2E_INIT.RUNTOWER_INIT_USER_EMAIL);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent()).toContain("Wrong email or password");
    expect(new URL(page.url()).pathname).toBe("/sign-in");

    await page.getByLabel("Password").fill(E2E_INIT.RUNTOWER_INIT_USER_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page
      .waitForURL((url) => url.pathname !== "/sign-in", { timeout: 15_000 })
      .catch(async (error: unknown) => {
        throw new Error(
          `still on ${page.url()}: ${await page
            .locator("form [role=alert]")
            .textContent()
            .catch(() => "")}; ${error}`,
        );
      });
    await page.goto("/settings/api-keys");
    expect(await page.getByTestId("role").textContent()).toBe("owner");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.goto("/settings/api-keys");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });

  it("signedInContext is signed in as the init owner; keys are created (shown once), listed and revoked in the UI", async () => {
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/settings/api-keys");
    expect(new URL(page.url()).pathname).toBe("/settings/api-keys");
    expect(await page.getByTestId("role").textContent()).toBe("owner");

    await page.getByLabel("Name").fill("ui key");
    await page.getByLabel("Access").selectOption("viewer");
    await page.getByRole("button", { name: "Create key" }).click();
    const token = (await page.getByTestId("new-api-key").textContent())!;
    expect(token).toMatch(/^rt_/);
    const row = page.locator("tr", { hasText: "ui key" });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(`${token.slice(0, 10)}…`);
    expect(await row.textContent()).toContain("Read-only");

    // Shown once: after a reload the token is nowhere on the page.
    await page.reload();
    expect(await page.content()).not.toContain(token);
    expect((await client({ authorization: `Bearer ${token}` }).me.get.query()).role).toBe("viewer");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("tr", { hasText: "ui key" }).getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.locator("tr", { hasText: "ui key" }).textContent()).toContain("Revoked");
    const refused = (await client({ authorization: `Bearer ${token}` })
      .me.get.query()
      .catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(refused.data?.code).toBe("UNAUTHORIZED");

    await page.goto("/settings/audit");
    const audit = await page.getByTestId("audit-table").textContent();
    expect(audit).toContain("api_key.create");
    expect(audit).toContain("api_key.revoke");
    expect(audit).toContain(E2E_INIT.RUNTOWER_INIT_USER_EMAIL);
    await context.close();
  });

  it("signs up a new user, who owns a new organization", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/sign-in?mode=sign-up");
    await page.getByLabel("Name").fill("New Person");
    await page.getByLabel("Email").fill("new.person@example.com");
    await page.getByLabel("Password").fill("new-person-pass");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    await page.goto("/settings/api-keys");
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("new.person@example.com");
    expect(await page.getByTestId("role").textContent()).toBe("owner");
    await context.close();
  });
});
