/**
 * The one request pipeline (server/http/): authentication and the per-key rate limit counted per procedure call,
 * refused on every surface (tRPC, /v1, the export route), and unexpected errors answered without internals.
 * Route handlers are called in-process on this file's database.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, vi } from "vitest";
import type { Database } from "@/db/client";
import { reloadEnv } from "@/server/env";
import { ensureMembership, ensurePasswordUser } from "@/server/modules/access";
import { signIn } from "@/test/auth/helpers";
import { openTestDatabase } from "@/test/helpers/db";
import { createTestOrg } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

const mocks = vi.hoisted(() => ({ database: undefined as unknown as Database }));
vi.mock("server-only", () => ({}));
vi.mock("@/db/app-database", () => ({ getAppDatabase: async () => mocks.database }));
// The app's database per call (the real getApp keeps the first one), so one test can swap in a broken database.
vi.mock("@/server/boot", async (original) => ({ ...(await original<object>()), getApp: async () => mocks.database }));

const LIMIT = 5;

/** A fresh API key of the org (its own rate-limit counter). */
const it = base.extend(
  "freshKey",
  { scope: "file" },
  async ({ org }) =>
    async (): Promise<string> =>
      (await org.caller.apiKeys.create({ name: `key ${Math.random()}` })).token,
);

it.beforeAll(async ({ database }) => {
  mocks.database = database;
  process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE = String(LIMIT);
  reloadEnv();
});
afterEach(() => vi.useRealTimers());
afterAll(() => {
  delete process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE;
  reloadEnv();
});

async function trpc(credentials: string | { cookie: string }, paths: string[]) {
  const { GET } = await import("@/app/api/trpc/[trpc]/route");
  const input = encodeURIComponent(JSON.stringify(Object.fromEntries(paths.map((_, i) => [i, {}]))));
  const url = `http://127.0.0.1/api/trpc/${paths.join(",")}?batch=1&input=${input}`;
  const headers = typeof credentials === "string" ? { authorization: `Bearer ${credentials}` } : credentials;
  const res = await GET(new Request(url, { headers }));
  const body = (await res.json()) as { result?: unknown; error?: { json: { message: string; data: { code: string } } } }[];
  return { status: res.status, headers: res.headers, codes: body.map((r) => (r.error ? r.error.json.data.code : "OK")), body };
}

describe("per-call rate limit", () => {
  it("a batched tRPC request of N calls counts N: call N+1 in the window is TOO_MANY_REQUESTS", async ({ freshKey }) => {
    // Pinned early in a minute, so the window does not turn over between the requests.
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:01Z"), toFake: ["Date"] });
    const token = await freshKey();
    expect((await trpc(token, Array(LIMIT).fill("me.get"))).codes).toEqual(Array(LIMIT).fill("OK"));
    const next = await trpc(token, ["me.get"]);
    expect(next.codes).toEqual(["TOO_MANY_REQUESTS"]);
    expect(next.status).toBe(429);
    expect(Number(next.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("in a batch larger than what is left, the calls past the limit are refused and the others served", async ({ freshKey }) => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:02:01Z"), toFake: ["Date"] });
    const token = await freshKey();
    const batch = await trpc(token, Array(LIMIT + 2).fill("me.get"));
    expect(batch.codes).toEqual([...Array(LIMIT).fill("OK"), "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    expect(batch.headers.get("retry-after")).not.toBeNull();
  });

  it("the export route refuses a limited key with 429 and Retry-After", async ({ freshKey }) => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:04:01Z"), toFake: ["Date"] });
    const token = await freshKey();
    await trpc(token, Array(LIMIT).fill("me.get"));
    const { GET } = await import("@/app/api/runs/export/route");
    const res = await GET(
      new Request("http://127.0.0.1/api/runs/export?format=csv", { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await res.text()).toMatch(/rate limit/i);
  });
});

describe("per-user rate limit of browser sessions", () => {
  it("counts a signed-in user's calls (RUNTOWER_SESSION_RATE_LIMIT_PER_MINUTE) apart from any key", async ({ db, org }) => {
    // One request: its calls are counted in one statement, in one window (a fresh user has no previous one).
    const userId = await ensurePasswordUser(db, { email: "limited@pipeline.test", password: "pipeline-password-1" });
    await ensureMembership(db, { orgId: org.orgId, userId, role: "member" });
    const { cookie } = await signIn(db, { email: "limited@pipeline.test", password: "pipeline-password-1" });
    process.env.RUNTOWER_SESSION_RATE_LIMIT_PER_MINUTE = "3";
    reloadEnv();
    try {
      const batch = await trpc({ cookie }, Array(4).fill("me.get"));
      expect(batch.codes).toEqual(["OK", "OK", "OK", "TOO_MANY_REQUESTS"]);
      expect(batch.body[3].error?.json.message).toMatch(/this user/);
    } finally {
      delete process.env.RUNTOWER_SESSION_RATE_LIMIT_PER_MINUTE;
      reloadEnv();
    }
  });
});

describe("unexpected errors", () => {
  it("answer a generic message with a request id; the SQL stays in the server log", async ({ database }) => {
    // A database of its own: the test drops a table to make the server fail.
    const scratch = await openTestDatabase();
    const scratchOrg = await createTestOrg(scratch.db, "Broken org");
    await scratch.db.execute(sql`drop table agents cascade`);
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
    mocks.database = scratch;
    try {
      const { GET } = await import("@/app/api/trpc/[trpc]/route");
      const input = encodeURIComponent(JSON.stringify({ 0: { json: {} } }));
      const res = await GET(
        new Request(`http://127.0.0.1/api/trpc/agents.list?batch=1&input=${input}`, {
          headers: { authorization: `Bearer ${scratchOrg.token}` },
        }),
      );
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).not.toMatch(/select|agents"|organization_id|Failed query/i);
      const [{ error }] = JSON.parse(text) as { error: { json: { message: string; data: { code: string } } } }[];
      expect(error.json.data.code).toBe("INTERNAL_SERVER_ERROR");
      const requestId = error.json.message.match(/request id ([\w-]+)/)?.[1];
      expect(requestId).toBeTruthy();
      expect(logged.map((args) => args.map(String).join(" ")).join("\n")).toContain(requestId!);
    } finally {
      spy.mockRestore();
      mocks.database = database;
      await scratch.close();
    }
  });
});
