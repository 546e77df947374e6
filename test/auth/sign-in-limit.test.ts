/**
 * One sign-in limiter for every sign-in path (issue #13 item 1): the sign-in form's server action and better-auth's
 * `/api/auth/sign-in/*` endpoint share it. It is keyed by the real client address (the socket peer that
 * server/http/client-address.ts stamps; X-Forwarded-For only counts when that peer is a trusted proxy) and by
 * account (backoff after repeated failures), and answers 429 with Retry-After.
 */
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { afterEach, describe, expect, vi } from "vitest";
import type { Database } from "@/db/client";
import { reloadEnv } from "@/server/env";
import { clientAddress, PEER_HEADER } from "@/server/http/client-address";
import { getAuth, SIGN_UP_REFUSED } from "@/server/modules/access";
import { ensurePasswordUser } from "@/server/modules/access/users";
import { it } from "@/test/helpers/test";

const mocks = vi.hoisted(() => ({ database: undefined as unknown as Database, headers: new Headers() }));
vi.mock("server-only", () => ({}));
vi.mock("@/db/app-database", () => ({ getAppDatabase: async () => mocks.database }));
vi.mock("@/server/boot", async (original) => ({ ...(await original<object>()), getApp: async () => mocks.database }));
vi.mock("next/headers", () => ({ headers: async () => mocks.headers }));

const { signInAction, signUpAction } = await import("@/app/sign-in/actions");

const saved = { ...process.env };
afterEach(() => {
  for (const name of ["RUNTOWER_TRUSTED_PROXIES", "RUNTOWER_SIGN_IN_LIMIT_PER_MINUTE"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  reloadEnv();
});

let sequence = 0;
const randomIp = () => `198.51.${Math.floor(Math.random() * 250)}.${(sequence++ % 250) + 1}`;

async function actionSignIn(input: { email: string; password: string; peer: string; forwardedFor?: string }) {
  mocks.headers = new Headers({ [PEER_HEADER]: input.peer, "x-forwarded-for": input.forwardedFor ?? randomIp() });
  const form = new FormData();
  form.set("email", input.email);
  form.set("password", input.password);
  try {
    return await signInAction({ error: null }, form);
  } catch (error) {
    if (isRedirectError(error)) return "signed in" as const;
    throw error;
  }
}

async function routeSignIn(db: Database["db"], input: { email: string; password: string; peer: string; forwardedFor?: string }) {
  return getAuth(db).handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [PEER_HEADER]: input.peer,
        "x-forwarded-for": input.forwardedFor ?? randomIp(),
      },
      body: JSON.stringify({ email: input.email, password: input.password }),
    }),
  );
}

describe("the client address", () => {
  it("is the socket peer unless that peer is a trusted proxy", async () => {
    const headers = (peer: string, xff?: string) =>
      new Headers({ [PEER_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });
    expect(clientAddress(headers("203.0.113.9", "1.2.3.4"))).toBe("203.0.113.9");
    process.env.RUNTOWER_TRUSTED_PROXIES = "10.0.0.0/8, 192.168.1.1";
    reloadEnv();
    expect(clientAddress(headers("10.1.2.3", "1.2.3.4, 203.0.113.7"))).toBe("203.0.113.7");
    // Proxies in the chain are skipped from the right; what the client wrote further left is never believed.
    expect(clientAddress(headers("10.1.2.3", "1.2.3.4, 203.0.113.7, 192.168.1.1, 10.9.9.9"))).toBe("203.0.113.7");
    expect(clientAddress(headers("203.0.113.9", "1.2.3.4"))).toBe("203.0.113.9");
    expect(clientAddress(headers("::ffff:10.0.0.5", "203.0.113.8"))).toBe("203.0.113.8");
    expect(clientAddress(new Headers())).toBeNull();
  });
});

describe("sign-in limiter shared by the form action and /api/auth/sign-in", () => {
  it("the form: wrong passwords from one address are refused with a wait well before 60, rotating X-Forwarded-For or not", async ({
    database,
  }) => {
    mocks.database = database;
    process.env.RUNTOWER_SIGN_IN_LIMIT_PER_MINUTE = "10";
    reloadEnv();
    const peer = "203.0.113.50";
    let firstRefused = -1;
    for (let i = 0; i < 60 && firstRefused < 0; i++) {
      // A different (unknown) account each time: only the address can stop this.
      const state = await actionSignIn({ email: `nobody-${i}@example.com`, password: "wrong password", peer });
      if (state !== "signed in" && /try again in \d+ s/i.test(state.error ?? "")) firstRefused = i;
    }
    // The 11th attempt (index 10), or one more when the attempts straddle a minute (the sliding estimate).
    expect(firstRefused).toBeGreaterThanOrEqual(10);
    expect(firstRefused).toBeLessThanOrEqual(11);
  });

  it("the form: an account is backed off after repeated failures and the right password is refused meanwhile", async ({
    database,
  }) => {
    mocks.database = database;
    await ensurePasswordUser(database.db, { email: "victim@example.com", password: "the right one 1" });
    const results = [];
    for (let i = 0; i < 12; i++) {
      // Each attempt from a different real address: only the account can stop this.
      const state = await actionSignIn({ email: "victim@example.com", password: `guess ${i}`, peer: randomIp() });
      results.push(state === "signed in" ? "signed in" : state.error);
    }
    expect(results.slice(0, 3).every((e) => e === "Wrong email or password")).toBe(true);
    expect(results.at(-1)).toMatch(/try again in \d+ s/i);
    const right = await actionSignIn({ email: "victim@example.com", password: "the right one 1", peer: randomIp() });
    expect(right).not.toBe("signed in");
  });

  it("the API route answers 429 with Retry-After; rotating X-Forwarded-For doesn't help; the form shares the count", async ({
    database,
  }) => {
    mocks.database = database;
    const { db } = database;
    await ensurePasswordUser(db, { email: "route@example.com", password: "route right 12" });
    const peer = "203.0.113.77";
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const res = await routeSignIn(db, { email: `ghost-${i}@example.com`, password: "nope nope", peer });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get("retry-after");
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    // The default limit is 30 a minute (one more when the attempts straddle a minute).
    expect(statuses.length).toBeLessThanOrEqual(32);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // The right password from the same address is refused while it is limited, on both paths.
    expect((await routeSignIn(db, { email: "route@example.com", password: "route right 12", peer })).status).toBe(429);
    expect(await actionSignIn({ email: "route@example.com", password: "route right 12", peer })).not.toBe("signed in");
    // Another address is not affected, and a success works there.
    expect((await routeSignIn(db, { email: "route@example.com", password: "route right 12", peer: "203.0.113.78" })).status).toBe(
      200,
    );
  });

  it("account failures through the API lock the form too", async ({ database }) => {
    mocks.database = database;
    const { db } = database;
    await ensurePasswordUser(db, { email: "both@example.com", password: "both right 123" });
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++)
      status = (await routeSignIn(db, { email: "both@example.com", password: `bad ${i}`, peer: randomIp() })).status;
    expect(status).toBe(429);
    const state = await actionSignIn({ email: "both@example.com", password: "both right 123", peer: randomIp() });
    expect(state).not.toBe("signed in");
    expect(state !== "signed in" && state.error).toMatch(/try again in \d+ s/i);
  });
});

describe("sign-up tells nobody whether an email has an account (issue #13 item 4)", () => {
  function routeSignUp(db: Database["db"], input: { email: string; peer: string }) {
    return getAuth(db).handler(
      new Request("http://localhost:3000/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_HEADER]: input.peer },
        body: JSON.stringify({ email: input.email, password: "sign-up-pass-1", name: "Someone" }),
      }),
    );
  }

  async function actionSignUp(input: { email: string; peer: string; next?: string }) {
    mocks.headers = new Headers({ [PEER_HEADER]: input.peer });
    const form = new FormData();
    form.set("email", input.email);
    form.set("password", "sign-up-pass-1");
    form.set("name", "Someone");
    if (input.next) form.set("next", input.next);
    try {
      return await signUpAction({ error: null }, form);
    } catch (error) {
      if (isRedirectError(error)) return { redirectedTo: error.digest.split(";")[2] };
      throw error;
    }
  }

  it("a taken email gets the generic refusal, on the form and the API alike; a free one keeps `next`", async ({ database }) => {
    mocks.database = database;
    await ensurePasswordUser(database.db, { email: "taken@example.com", password: "taken-pass-12" });
    const route = await routeSignUp(database.db, { email: "Taken@example.com", peer: randomIp() });
    expect(route.status).toBe(422);
    const body = await route.text();
    expect(JSON.parse(body)).toMatchObject({ message: SIGN_UP_REFUSED, code: "SIGN_UP_REFUSED" });
    expect(body).not.toMatch(/exist/i);
    expect(await actionSignUp({ email: "taken@example.com", peer: randomIp() })).toMatchObject({
      error: SIGN_UP_REFUSED,
      field: null,
    });
    const next = "/invitations/accept?token=rt_inv_abc";
    expect(await actionSignUp({ email: "free@example.com", peer: randomIp(), next })).toEqual({ redirectedTo: next });
  });

  it("sign-ups spend the sign-in limit of their address", async ({ database }) => {
    mocks.database = database;
    process.env.RUNTOWER_SIGN_IN_LIMIT_PER_MINUTE = "3";
    reloadEnv();
    const peer = "203.0.113.90";
    const statuses: number[] = [];
    for (let i = 0; i < 6 && statuses.at(-1) !== 429; i++)
      statuses.push((await routeSignUp(database.db, { email: `many-${i}@example.com`, peer })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.length).toBeLessThanOrEqual(5);
    expect(await actionSignUp({ email: "one-more@example.com", peer })).toMatchObject({
      error: expect.stringMatching(/sign-up attempts/),
    });
  });
});
