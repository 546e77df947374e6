/**
 * Joining by invitation against `next start` (issue #13 item 4): the owner invites an email, a person without an
 * account opens the link, is sent to sign-in, signs up there, comes back to the invitation, accepts and lands in
 * the organization. Sign-up with a taken email answers the generic refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, signedInContext } from "@/test/helpers/browser";
import { appClient } from "@/test/helpers/trpc-client";

const GENERIC_SIGN_UP = "Could not create an account with these details. If you already have an account, sign in.";
let server: AppServer;

async function ownerCookie(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: E2E_INIT.RUNTOWER_INIT_USER_EMAIL, password: E2E_INIT.RUNTOWER_INIT_USER_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

const client = (headers: Record<string, string>) => appClient(server.url, () => headers, { batch: false });

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => server?.stop());

describe("invitations over HTTP", () => {
  it("members.invite returns the link once, on the public URL; members.add is gone; sign-up hides taken emails", async () => {
    const owner = client({ cookie: await ownerCookie() });
    const created = await owner.members.invite.mutate({ email: "http-invitee@example.com", role: "viewer" });
    // BETTER_AUTH_URL is the server's origin here (test/helpers/app-server.ts): the full link is built on it.
    expect(created.acceptUrl).toBe(`${server.url}/invitations/accept?token=${created.token}`);
    expect((await owner.members.invitations.query()).map((i) => i.email)).toContain("http-invitee@example.com");
    const add = await fetch(`${server.url}/api/trpc/members.add`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await ownerCookie() },
      body: JSON.stringify({ json: { email: "x@example.com" } }),
    });
    expect(add.status).toBe(404);

    const signUp = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ email: E2E_INIT.RUNTOWER_INIT_USER_EMAIL, password: "whatever-123", name: "Someone" }),
    });
    const body = await signUp.text();
    expect(signUp.status).toBe(422);
    expect(JSON.parse(body)).toMatchObject({ message: GENERIC_SIGN_UP });
    expect(body).not.toMatch(/exist/i);
  });
});

describe.skipIf(!chromiumAvailable)("invitations in chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("the owner invites; a newcomer signs up through the link's sign-in redirect, accepts and lands in the org", async () => {
    const ownerContext = await signedInContext(browser, server.url);
    const ownerPage = await ownerContext.newPage();
    await ownerPage.goto("/settings/members");
    await ownerPage.getByLabel("Email", { exact: true }).fill("newcomer@example.com");
    await ownerPage.locator("form select[name=role]").selectOption("member");
    await ownerPage.getByRole("button", { name: "Create invitation" }).click();
    const link = (await ownerPage.getByTestId("invitation-link").textContent())!;
    expect(link).toMatch(/\/invitations\/accept\?token=rt_inv_/);
    await expect.poll(() => ownerPage.getByTestId("pending-invitations").textContent()).toContain("newcomer@example.com");

    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe(new URL(link).pathname + new URL(link).search);
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL((url) => url.searchParams.get("mode") === "sign-up");
    await page.getByLabel("Name").fill("New Comer");
    await page.getByLabel("Email").fill("newcomer@example.com");
    await page.getByLabel("Password").fill("newcomer-pass-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname === "/invitations/accept", { timeout: 15_000 });
    expect(await page.getByTestId("invitation-org").textContent()).toBe("Default organization");
    expect(await page.getByTestId("invitation-role").textContent()).toBe("member");
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await page.waitForURL((url) => url.pathname === "/runs", { timeout: 15_000 });
    await page.goto("/settings/api-keys");
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Default organization");
    expect(await page.getByTestId("role").textContent()).toBe("member");

    // Used up: the same link again shows the one generic refusal.
    await page.goto(link);
    // Not getByRole("alert"): Next's route announcer is an alert too once the page has navigated client-side.
    await expect.poll(() => page.locator("main [role=alert]").first().textContent()).toContain("invalid or has expired");

    await ownerPage.reload();
    expect(await ownerPage.locator("table", { hasText: "New Comer" }).count()).toBe(1);
    expect(await ownerPage.getByText("newcomer@example.com").count()).toBe(1);
    await context.close();
    await ownerContext.close();
  });

  it("sign-up with an email that has an account shows the generic message", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/sign-in?mode=sign-up");
    await page.getByLabel("Name").fill("Impostor");
    await page.getByLabel("Email").fill(E2E_INIT.RUNTOWER_INIT_USER_EMAIL);
    await page.getByLabel("Password").fill("not-the-owner-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent()).toBe(GENERIC_SIGN_UP);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });
});
