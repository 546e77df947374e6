/**
 * Issue #13 against `next start`: security headers on pages and API answers (item 12), pages rendering under
 * their CSP without violations, sign-in's `next` never leaving our origin (item 2), and the CSV export's
 * neutralised formulas (item 13).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { chromiumAvailable, launchBrowser, signedInContext } from "@/test/helpers/browser";
import { appClient } from "@/test/helpers/trpc-client";

let server: AppServer;
const bearer = { authorization: `Bearer ${E2E_INIT.RUNTOWER_INIT_API_KEY}` };

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => server?.stop());

function expectSharedHeaders(headers: Headers, what: string) {
  expect(headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(headers.get("x-frame-options"), what).toBe("DENY");
  expect(headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  expect(headers.get("content-security-policy"), what).toContain("frame-ancestors 'none'");
}

describe("security headers", () => {
  it("on a page: a CSP whose script nonce is fresh per request and on every script Next renders", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/sign-in`);
      expectSharedHeaders(res.headers, "/sign-in");
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      // The public URL is http here: no HSTS, no upgrade-insecure-requests.
      expect(res.headers.get("strict-transport-security")).toBeNull();
      expect(csp).not.toContain("upgrade-insecure-requests");
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      nonces.push(nonce);
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("on /api/trpc, /v1/runs/ and the export: the shared headers and a CSP that loads nothing", async () => {
    const answers = {
      "/api/trpc/me.get (anonymous)": await fetch(`${server.url}/api/trpc/me.get`),
      "/api/trpc/me.get": await fetch(`${server.url}/api/trpc/me.get`, { headers: bearer }),
      "/v1/runs/": await fetch(`${server.url}/v1/runs/`, { headers: bearer }),
      "/api/runs/export": await fetch(`${server.url}/api/runs/export?format=csv`, { headers: bearer }),
    };
    for (const [what, res] of Object.entries(answers)) {
      await res.arrayBuffer();
      expectSharedHeaders(res.headers, what);
      expect(res.headers.get("content-security-policy"), what).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    expect(answers["/api/trpc/me.get"].status).toBe(200);
    expect(answers["/v1/runs/"].status).toBe(200);
  });

  it("HSTS (and upgrade-insecure-requests) when the public URL is https", async () => {
    const https = await startAppServer({ env: { RUNTOWER_PUBLIC_URL: "https://runtower.example.com" } });
    try {
      const res = await fetch(`${https.url}/sign-in`);
      await res.arrayBuffer();
      expect(res.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
      expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    } finally {
      await https.stop();
    }
  });
});

describe("CSV export", () => {
  it("neutralises formulas and gives durations in seconds beside the nanoseconds", async () => {
    const api = appClient(server.url, () => bearer, { batch: false });
    const agent = await api.agents.create.mutate({ name: '=HYPERLINK("https://attacker.host","x")' });
    const run = await api.runs.create.mutate({ agentId: agent.id, conversationId: "@SUM(A1)" });
    await api.runs.update.mutate({ runId: run.id, status: "completed", totalDurationNs: 1_500_000_000 });
    const query = `format=csv&agentIds=${agent.id}&cols=id,agent,duration,conversationId`;
    const res = await fetch(`${server.url}/api/runs/export?${query}`, { headers: bearer });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,agent,duration,durationSeconds,conversationId");
    expect(lines[1]).toBe(`${run.id},"'=HYPERLINK(""https://attacker.host"",""x"")",1500000000,1.5,"'@SUM(A1)"`);
  });
});

/** Collects CSP violations (the DOM event and Chromium's console report) from the first script on. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("__reportCspViolation", (text: string) => void seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(`${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return seen;
}

describe.skipIf(!chromiumAvailable)("in chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it("pages render and hydrate under their CSP, with no violation reported", async () => {
    const context = await signedInContext(browser, server.url);
    const page = await context.newPage();
    const violations = await watchCsp(page);
    // (/no-such-page: the 404 page, which Next would otherwise prerender without a nonce.)
    for (const path of ["/runs", "/analytics", "/agents", "/callbacks", "/settings/api-keys", "/no-such-page"]) {
      await page.goto(path);
      expect(new URL(page.url()).pathname, path).toBe(path);
      // window.next is set by Next's client bootstrap: the nonce'd scripts ran.
      await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version), null, {
        timeout: 15_000,
      });
      await page.waitForLoadState("networkidle");
    }
    // Client-side navigation loads further chunks through 'strict-dynamic'.
    await page.goto("/runs");
    await page.getByRole("link", { name: "Analytics" }).first().click();
    await page.waitForURL((url) => url.pathname === "/analytics");
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
    await context.close();
  });

  it("sign-in with next=/%09/attacker.host (or a crafted next) lands on our origin", async () => {
    const origin = new URL(server.url).origin;
    // null: the form as the page renders it; the others rewrite its hidden field before submitting.
    const crafted = [null, "/\t/attacker.host", "//attacker.host", "/runs\nX-Injected: 1"];
    for (const next of crafted) {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      const violations = await watchCsp(page);
      await page.goto("/sign-in?next=/%09/attacker.host");
      expect(await page.locator('input[name="next"]').inputValue()).toBe("/");
      const field = page.locator('input[name="next"]');
      if (next !== null) await field.evaluate((input, value) => ((input as HTMLInputElement).value = value), next);
      await page.getByLabel("Email").fill(E2E_INIT.RUNTOWER_INIT_USER_EMAIL);
      await page.getByLabel("Password").fill(E2E_INIT.RUNTOWER_INIT_USER_PASSWORD);
      const answers: number[] = [];
      page.on("response", (response) => void answers.push(response.status()));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname === "/runs" || url.origin !== origin, { timeout: 15_000 });
      expect(new URL(page.url()).origin, String(next)).toBe(origin);
      expect(new URL(page.url()).pathname, String(next)).toBe("/runs");
      expect(
        answers.filter((status) => status >= 500),
        String(next),
      ).toEqual([]);
      expect(violations).toEqual([]);
      await context.close();
    }
  });
});
