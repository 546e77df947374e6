/**
 * Issue #13 items 1 and 10 against `next start`: the sign-in limiter holds for the form (posted as a browser
 * without JavaScript would) and for the API, whatever X-Forwarded-For says; an oversized request is refused at
 * once while other requests go on. Its own server: the brute force uses up 127.0.0.1's sign-in allowance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => server?.stop());

const randomIp = () =>
  `${1 + Math.floor(Math.random() * 222)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.7`;
const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Posts the sign-in form as a browser without JavaScript does (the server action's hidden fields, multipart). */
async function postSignInForm(email: string, password: string): Promise<{ status: number; html: string; cookies: string[] }> {
  const page = await (await fetch(`${server.url}/sign-in`)).text();
  const form = /<form[\s\S]*?<\/form>/.exec(page)![0];
  const body = new FormData();
  for (const [, attributes] of form.matchAll(/<input([^>]*)>/g)) {
    if (!/type="hidden"/.test(attributes)) continue;
    const name = /name="([^"]*)"/.exec(attributes)?.[1];
    if (name) body.set(decode(name), decode(/value="([^"]*)"/.exec(attributes)?.[1] ?? ""));
  }
  body.set("email", email);
  body.set("password", password);
  const res = await fetch(`${server.url}/sign-in`, {
    method: "POST",
    body,
    headers: { origin: server.url, "x-forwarded-for": randomIp() },
    redirect: "manual",
  });
  return { status: res.status, html: await res.text(), cookies: res.headers.getSetCookie() };
}

const signedIn = (cookies: string[]) => cookies.some((c) => /session_token=[^;]/.test(c));

describe("request limits over HTTP", () => {
  it("a 2 MB POST to /api/trpc is refused with 413 at once; other requests are unaffected", async () => {
    const auth = { authorization: `Bearer ${E2E_INIT.RUNTOWER_INIT_API_KEY}` };
    const started = Date.now();
    const [big, other] = await Promise.all([
      fetch(`${server.url}/api/trpc/agents.create`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ json: { name: "x".repeat(2 * 1024 * 1024) } }),
      }),
      fetch(`${server.url}/api/trpc/me.get`, { headers: auth }),
    ]);
    expect(big.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(other.status).toBe(200);
    expect((await fetch(`${server.url}/api/trpc/me.get`, { headers: auth })).status).toBe(200);
  });

  it("60 wrong passwords through the form: refused with the wait well before 60, rotating X-Forwarded-For or not", async () => {
    const email = E2E_INIT.RUNTOWER_INIT_USER_EMAIL;
    const answers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const { html } = await postSignInForm(email, `wrong password ${i}`);
      const wait = /Too many sign-in attempts; try again in (\d+) s/.exec(html);
      answers.push(wait ? "wait" : html.includes("Wrong email or password") ? "wrong" : "other");
      if (wait) break;
    }
    // The form really checked passwords at first, then was refused (the account's backoff starts after 5 failures).
    expect(answers[0]).toBe("wrong");
    expect(answers.at(-1)).toBe("wait");
    expect(answers.length).toBeLessThan(40);
    // The right password is refused while limited, through the form and through the API (429 + Retry-After).
    const form = await postSignInForm(email, E2E_INIT.RUNTOWER_INIT_USER_PASSWORD);
    expect(form.html).toMatch(/try again in \d+ s/);
    expect(signedIn(form.cookies)).toBe(false);
    const api = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": randomIp() },
      body: JSON.stringify({ email, password: E2E_INIT.RUNTOWER_INIT_USER_PASSWORD }),
    });
    expect(api.status).toBe(429);
    expect(Number(api.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(signedIn(api.headers.getSetCookie())).toBe(false);
  });

  it("the address limit: unknown accounts from one address, rotating X-Forwarded-For, get 429 before 60", async () => {
    let status = 0;
    let attempts = 0;
    while (attempts < 60 && status !== 429) {
      attempts++;
      const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": randomIp() },
        body: JSON.stringify({ email: `nobody-${attempts}@example.com`, password: "wrong password" }),
      });
      status = res.status;
    }
    expect(status).toBe(429);
    expect(attempts).toBeLessThanOrEqual(32);
  });
});
