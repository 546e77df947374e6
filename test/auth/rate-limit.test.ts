import { TRPCError } from "@trpc/server";
import { afterEach, describe, expect } from "vitest";
import { rateLimitCounters } from "@/db/schema";
import { createCaller } from "@/server/root";
import { configuredRateLimitPerMinute, consumeRateLimit, decide } from "@/server/modules/access/rate-limit";
import { reloadEnv } from "@/server/env";
import { createContextFromHeaders } from "@/server/trpc";
import { it } from "@/test/helpers/test";

const savedLimit = process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE;

afterEach(() => {
  if (savedLimit === undefined) delete process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE;
  else process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE = savedLimit;
  reloadEnv();
});

describe("per-key rate limiting (Postgres-backed)", () => {
  it("allows `limit` requests in a window, then refuses with a Retry-After", async ({ database, org }) => {
    const now = new Date("2026-01-01T00:00:10Z");
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push(await consumeRateLimit(database.db, { orgId: org.orgId, subject: "key-a", limit: 3, now }));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[2].remaining).toBe(0);
    expect(results[3].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(results[3].retryAfterSeconds).toBeLessThanOrEqual(120);
    // Another key is counted apart.
    expect((await consumeRateLimit(database.db, { orgId: org.orgId, subject: "key-b", limit: 3, now })).allowed).toBe(true);
    // One row per key and window: the counter is a single upserted row.
    const rows = await database.db.select().from(rateLimitCounters);
    expect(rows.filter((r) => r.subject === "key-a")).toEqual([
      expect.objectContaining({ count: 4, windowStart: new Date("2026-01-01T00:00:00Z") }),
    ]);
  });

  it("a burst across a window boundary is still caught (sliding estimate)", async ({ database, org }) => {
    const subject = "key-boundary";
    for (let i = 0; i < 3; i++)
      await consumeRateLimit(database.db, { orgId: org.orgId, subject, limit: 3, now: new Date("2026-01-01T00:00:59.5Z") });
    const next = await consumeRateLimit(database.db, {
      orgId: org.orgId,
      subject,
      limit: 3,
      now: new Date("2026-01-01T00:01:00.5Z"),
    });
    expect(next.allowed).toBe(false);
    // Most of a window later the previous window's weight has decayed.
    const later = await consumeRateLimit(database.db, {
      orgId: org.orgId,
      subject,
      limit: 3,
      now: new Date("2026-01-01T00:01:59Z"),
    });
    expect(later.allowed).toBe(true);
  });

  it("computes waits that actually free a slot", () => {
    // 10 in the previous window, 0 now, limit 5, at 10 % into this window: 9 + 1 > 5.
    const d = decide(1, 10, 5, 0.1, 60_000);
    expect(d.allowed).toBe(false);
    const later = 0.1 + d.retryAfterSeconds / 60;
    expect(10 * (1 - later) + 1).toBeLessThanOrEqual(5);
    const over = decide(7, 0, 5, 0.5, 60_000);
    expect(over.allowed).toBe(false);
    expect(over.retryAfterSeconds).toBeGreaterThanOrEqual(30);
  });

  it("RUNTOWER_RATE_LIMIT_PER_MINUTE configures it (default 6000, 0 = off, nonsense refused)", () => {
    expect(configuredRateLimitPerMinute({} as NodeJS.ProcessEnv)).toBe(6000);
    expect(configuredRateLimitPerMinute({ RUNTOWER_RATE_LIMIT_PER_MINUTE: "0" } as unknown as NodeJS.ProcessEnv)).toBe(0);
    expect(() =>
      configuredRateLimitPerMinute({ RUNTOWER_RATE_LIMIT_PER_MINUTE: "lots" } as unknown as NodeJS.ProcessEnv),
    ).toThrow(/RUNTOWER_RATE_LIMIT/);
  });

  it("API-key requests past the limit answer TOO_MANY_REQUESTS; sessions and other keys are unaffected", async ({
    database,
    org,
  }) => {
    process.env.RUNTOWER_RATE_LIMIT_PER_MINUTE = "2";
    reloadEnv();
    const headers = new Headers({ authorization: `Bearer ${org.token}` });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await createContextFromHeaders(database.db, headers);
      const outcome = await createCaller(ctx)
        .runs.list({})
        .then(() => "OK")
        .catch((e: unknown) => (e instanceof TRPCError ? e.code : String(e)));
      codes.push(outcome);
      if (i === 2) expect(ctx.rateLimit).toMatchObject({ allowed: false, limit: 2 });
    }
    expect(codes).toEqual(["OK", "OK", "TOO_MANY_REQUESTS"]);
    const fresh = await org.caller.apiKeys.create({ name: "fresh" });
    const ctx = await createContextFromHeaders(database.db, new Headers({ authorization: `Bearer ${fresh.token}` }));
    expect(ctx.rateLimit?.allowed).toBe(true);
  });
});
