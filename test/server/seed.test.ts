import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { queryRows } from "@/db/client";
import { DEMO_API_KEY, DEMO_ORG_ID } from "@/db/seed";
import { seedDemoData } from "@/server/boot";
import { createCaller } from "@/server/root";
import { authenticateApiKey } from "@/server/modules/access/api-keys";
import { DENIAL_REASON } from "@/server/modules/runs";
import { createContextFromHeaders } from "@/server/trpc";
import { snapshotTables } from "@/test/helpers/assertions";
import { it as base } from "@/test/helpers/test";

let seeded: Awaited<ReturnType<typeof seedDemoData>>;
const NOW = new Date("2026-11-20T12:00:00.000Z");

const it = base
  .extend(
    "rows",
    { scope: "file" },
    async ({ db }) =>
      <T>(query: ReturnType<typeof sql>) =>
        queryRows<T>(db, query),
  )
  .extend(
    "count",
    { scope: "file" },
    async ({ rows }) =>
      async (query: ReturnType<typeof sql>) =>
        Number((await rows<{ n: string | number }>(query))[0].n),
  );

// The demo data goes into the file's database with no org in it (the `org` fixture is never used), as on a first start.
it.beforeAll(async ({ db }) => {
  // As in development: the demo's own inbox and callbacks to it.
  seeded = await seedDemoData(db, { now: NOW, callbacks: true });
}, 120_000);

describe("seedDemoData", () => {
  it("writes ~500 runs across 5 agents", async ({ rows, count }) => {
    expect(seeded).toMatchObject({ runs: 500, agents: 5 });
    expect(seeded!.steps).toBeGreaterThan(500);
    expect(await count(sql`select count(*) as n from runs where organization_id = ${DEMO_ORG_ID}`)).toBe(500);
    expect(await count(sql`select count(*) as n from agents where organization_id = ${DEMO_ORG_ID}`)).toBe(5);
    expect(await count(sql`select count(distinct agent_id) as n from runs where organization_id = ${DEMO_ORG_ID}`)).toBe(5);
    expect(await count(sql`select count(*) as n from steps where organization_id = ${DEMO_ORG_ID}`)).toBe(seeded!.steps);
    // a mix of outcomes, within the last 7 days
    const statuses = await rows<{ status: string; n: string | number }>(
      sql`select status, count(*) as n from runs where organization_id = ${DEMO_ORG_ID} group by status`,
    );
    const by = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
    expect(by.completed).toBeGreaterThan(300);
    expect(by.failed).toBeGreaterThan(0);
    expect(by.cancelled).toBeGreaterThan(0);
    const [range] = await rows<{ oldest: Date | string; newest: Date | string }>(
      sql`select min(created_at) as oldest, max(created_at) as newest from runs where organization_id = ${DEMO_ORG_ID}`,
    );
    expect(new Date(range.oldest).getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 7 * 86_400_000);
    expect(new Date(range.newest).getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it("in development: the newest finished runs call back to the demo's own inbox, signed with the org's secret", async ({
    rows,
  }) => {
    const endpoints = await rows<{ id: string; secret: string }>(
      sql`select id, secret from callback_endpoints where organization_id = ${DEMO_ORG_ID} and name = 'simulator'`,
    );
    expect(endpoints).toHaveLength(1);
    const [signing] = await rows<{ secret: string }>(
      sql`select secret from callback_signing_secrets where organization_id = ${DEMO_ORG_ID}`,
    );
    expect(endpoints[0].secret).toBe(signing.secret);
    const deliveries = await rows<{ url: string; status: string; run_id: string; callback_url: string }>(
      sql`select d.url, d.status, d.run_id, r.callback_url from callback_deliveries d join runs r on r.id = d.run_id
          where d.organization_id = ${DEMO_ORG_ID}`,
    );
    expect(deliveries).toHaveLength(12);
    for (const d of deliveries) {
      expect(d.url).toMatch(new RegExp(`/api/callbacks/${endpoints[0].id}$`));
      expect(d.callback_url).toBe(d.url);
      expect(d.status).toBe("pending");
    }
  });

  it("is idempotent: a second call returns null and writes nothing", async ({ db }) => {
    const before = await snapshotTables(db);
    expect(await seedDemoData(db, { now: NOW })).toBeNull();
    expect(await snapshotTables(db)).toEqual(before);
  });

  it("terminal runs have completed_at and run_ns (equal to total_duration_ns); open runs have neither", async ({
    rows,
    count,
  }) => {
    const [bad] = await rows<{
      terminal_missing: string | number;
      open_with: string | number;
      mismatch: string | number;
      no_metrics: string | number;
    }>(sql`
      select
        count(*) filter (where r.status in ('completed','failed','cancelled','expired') and (r.completed_at is null or m.run_ns is null)) as terminal_missing,
        count(*) filter (where r.status not in ('completed','failed','cancelled','expired') and (r.completed_at is not null or m.run_ns is not null)) as open_with,
        count(*) filter (where m.run_ns is distinct from r.total_duration_ns) as mismatch,
        count(*) filter (where m.id is null) as no_metrics
      from runs r left join run_metrics m on m.id = r.id
      where r.organization_id = ${DEMO_ORG_ID}`);
    expect(Object.fromEntries(Object.entries(bad).map(([k, v]) => [k, Number(v)]))).toEqual({
      terminal_missing: 0,
      open_with: 0,
      mismatch: 0,
      no_metrics: 0,
    });
    expect(
      await count(sql`select count(*) as n from runs where organization_id = ${DEMO_ORG_ID} and completed_at < created_at`),
    ).toBe(0);
  });

  it("num_steps equals the count of each run's steps", async ({ count }) => {
    const mismatched = await count(sql`
      select count(*) as n from run_metrics m
      where m.organization_id = ${DEMO_ORG_ID}
        and m.num_steps <> (select count(*) from steps s where s.organization_id = m.organization_id and s.run_id = m.id)`);
    expect(mismatched).toBe(0);
  });

  it("tools_used of finished runs are the tools named in their tool calls", async ({ count }) => {
    const mismatched = await count(sql`
      select count(*) as n from runs r join run_metrics m on m.id = r.id
      where r.organization_id = ${DEMO_ORG_ID} and r.status in ('completed','failed','cancelled')
        and m.tools_used::text[] is distinct from coalesce((
          select array_agg(distinct t.id order by t.id)
          from messages msg, jsonb_array_elements(msg.tool_calls) call, tools t
          where msg.organization_id = r.organization_id and msg.run_id = r.id and jsonb_typeof(msg.tool_calls) = 'array'
            and t.organization_id = r.organization_id and t.name = call->>'name'
        ), '{}'::text[])`);
    expect(mismatched).toBe(0);
  });

  it("run_tools holds exactly unnest(run_metrics.tools_used), with each run's created_at", async ({ rows }) => {
    const [diff] = await rows<{ missing: string | number; extra: string | number; total: string | number }>(sql`
      with expected as (
        select m.organization_id, t as tool_id, r.created_at, r.id as run_id
        from run_metrics m join runs r on r.id = m.id, unnest(m.tools_used) t
        where m.organization_id = ${DEMO_ORG_ID}
      ), actual as (
        select organization_id, tool_id, created_at, run_id from run_tools where organization_id = ${DEMO_ORG_ID}
      )
      select (select count(*) from (select * from expected except all select * from actual) x) as missing,
             (select count(*) from (select * from actual except all select * from expected) x) as extra,
             (select count(*) from actual) as total`);
    expect({ missing: Number(diff.missing), extra: Number(diff.extra) }).toEqual({ missing: 0, extra: 0 });
    expect(Number(diff.total)).toBeGreaterThan(100);
  });

  it("agents' last stop reason is one their runs ended with", async ({ count }) => {
    const wrong = await count(sql`
      select count(*) as n from agents a
      where a.organization_id = ${DEMO_ORG_ID} and a.last_stop_reason is not null
        and not exists (select 1 from runs r where r.agent_id = a.id and r.stop_reason = a.last_stop_reason)`);
    expect(wrong).toBe(0);
  });

  it("is readable and operable through the API with the demo key", async ({ db }) => {
    expect(await authenticateApiKey(db, DEMO_API_KEY)).toMatchObject({ orgId: DEMO_ORG_ID });
    const ctx = await createContextFromHeaders(db, new Headers({ authorization: `Bearer ${DEMO_API_KEY}` }));
    const caller = createCaller(ctx);
    const page = await caller.runs.list({ limit: 1000 });
    expect(page.items).toHaveLength(500);
    const finished = page.items.filter((r) => r.totalDurationNs !== null).length;
    expect((await caller.metrics.percentiles({})).overall.count).toBe(finished);

    // a seeded run waiting on approval can be cancelled, and gets its denial
    const waiting = page.items.find((r) => r.status === "completed" && r.stopReason === "requires_approval");
    expect(waiting).toBeDefined();
    const receipt = await caller.runs.cancel({ runId: waiting!.id });
    expect(receipt.results[0].outcome).toBe("cancelled");
    const history = (await caller.runs.messages({ runId: waiting!.id, limit: 1000 })).items;
    expect(history.filter((m) => m.toolReturn === DENIAL_REASON).length).toBeGreaterThan(0);
    const usage = await caller.runs.usage({ runId: waiting!.id });
    expect(usage.stepCount).toBe(waiting!.numSteps);
  });
});
