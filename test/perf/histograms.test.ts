import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { percentilesInput } from "@/server/modules/percentiles/schemas";
import { listRunsInput } from "@/server/modules/runs/schemas";
import {
  EXACT_BELOW,
  RELATIVE_ERROR,
  exactPercentiles,
  getPercentiles,
  histogramPercentiles,
  percentileKey,
  rebuildHistograms,
} from "@/server/modules/percentiles";
import { listRuns } from "@/server/modules/runs";
import { createTestOrg } from "@/test/helpers/fixtures";
import { it } from "@/test/helpers/test";
import { countWhere, createAgents, histogramRows, insertRuns, type BulkRun } from "./helpers";

// Percentiles and histograms are org-wide: each test makes the organizations it needs in the file's database.

const HOUR = 3_600_000;
const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const within = (estimate: number | null, exact: number | null) => {
  if (exact === null || estimate === null) return estimate === exact;
  return Math.abs(estimate - exact) <= RELATIVE_ERROR * Math.abs(exact) + 1e-6;
};

describe("histograms stay in step with the runs table", () => {
  it("after complete, fail, cancel, approval-cancel, TTFT before/after the end and delete — and equal a rebuild", async ({
    db,
  }) => {
    const org = await createTestOrg(db);
    const { caller, orgId } = org;
    const withProject = await caller.agents.create({ name: "with project", projectId: org.projectId });
    const noProject = await caller.agents.create({ name: "no project" });

    const r1 = await caller.runs.create({ agentId: withProject.id });
    await caller.runs.update({ runId: r1.id, ttftNs: 500_000_000 }); // TTFT while open
    await caller.runs.update({ runId: r1.id, status: "completed", totalDurationNs: 3_000_000_000 });

    const r2 = await caller.runs.create({ agentId: noProject.id });
    await caller.runs.update({ runId: r2.id, status: "failed", totalDurationNs: 1_000_000_000 });
    await caller.runs.update({ runId: r2.id, ttftNs: 200_000_000 }); // TTFT after the end
    await caller.runs.update({ runId: r2.id, ttftNs: 900_000_000 }); // and changed again: moves bucket

    const r3 = await caller.runs.create({ agentId: withProject.id });
    await caller.runs.cancel({ runId: r3.id });

    const r4 = await caller.runs.create({ agentId: withProject.id });
    await caller.runs.update({
      runId: r4.id,
      status: "completed",
      stopReason: "requires_approval",
      totalDurationNs: 700_000_000,
    });
    await caller.runs.cancel({ runId: r4.id }); // approval cancel: already counted once, not twice

    const r5 = await caller.runs.create({ agentId: noProject.id });
    await caller.runs.update({ runId: r5.id, ttftNs: 100_000_000 }); // open run with a TTFT

    const r6 = await caller.runs.create({ agentId: noProject.id });
    await caller.runs.update({ runId: r6.id, status: "completed", totalDurationNs: 0, ttftNs: 0 });
    await caller.runs.delete({ runId: r6.id }); // leaves the histograms with its row

    const r7 = await caller.runs.create({ agentId: withProject.id });
    await caller.runs.update({ runId: r7.id, status: "completed", totalDurationNs: 2_000_000_000, ttftNs: 400_000_000 });
    await caller.runs.update({ runId: r7.id, ttftNs: 400_000_000 }); // same value: no change

    const incremental = await histogramRows(db, orgId);
    await rebuildHistograms(db, { orgId });
    const rebuilt = await histogramRows(db, orgId);
    expect(incremental).toEqual(rebuilt);
    expect(rebuilt.length).toBeGreaterThan(0);

    // Org roll-ups count exactly the runs the exact queries read.
    const orgLevel = (field: number, grain: number) =>
      rebuilt
        .filter((r) => r.field === field && r.grain === grain && r.agentId === "*" && r.projectId === "*")
        .reduce((a, r) => a + r.count, 0);
    const durations = await countWhere(
      db,
      sql`select count(*) as n from runs where organization_id = ${orgId} and total_duration_ns is not null`,
    );
    const ttfts = await countWhere(
      db,
      sql`select count(*) as n from runs where organization_id = ${orgId} and ttft_ns is not null`,
    );
    expect(durations).toBe(5); // r1, r2, r3, r4, r7
    expect(ttfts).toBe(4); // r1, r2, r5, r7
    for (const grain of [1, 24]) {
      expect(orgLevel(0, grain)).toBe(durations);
      expect(orgLevel(1, grain)).toBe(ttfts);
    }
    // Project roll-up: the "no project" key holds r2's duration.
    expect(
      rebuilt
        .filter((r) => r.field === 0 && r.grain === 24 && r.agentId === "*" && r.projectId === "")
        .reduce((a, r) => a + r.count, 0),
    ).toBe(1);
  });

  it("a failed update writes nothing to the histograms either", async ({ db }) => {
    const { caller, orgId } = await createTestOrg(db);
    const agent = await caller.agents.create({ name: "a" });
    const run = await caller.runs.create({ agentId: agent.id });
    await caller.runs.update({ runId: run.id, status: "completed", totalDurationNs: 5_000 });
    const before = await histogramRows(db, orgId);
    // A terminal run cannot become failed: CONFLICT, and the TTFT in the same call is not counted.
    await expect(caller.runs.update({ runId: run.id, status: "failed", ttftNs: 7 })).rejects.toThrow();
    expect(await histogramRows(db, orgId)).toEqual(before);
  });
});

describe("histogram percentiles against percentile_cont", () => {
  it("are within α on random data sets, overall and per hour/day, with random ranges and agents (property)", async ({ db }) => {
    let compared = 0;
    const duration = fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 5_000 }),
      fc.integer({ min: 1_000_000, max: 600_000_000_000 }),
    );
    const run = fc.record({
      duration,
      ttft: fc.option(fc.integer({ min: 0, max: 5_000_000_000 })),
      minute: fc.integer({ min: 0, max: 72 * 60 - 1 }),
      agent: fc.integer({ min: 0, max: 1 }),
    });
    const range = fc.record({
      from: fc.option(fc.integer({ min: -60, max: 72 * 60 })),
      span: fc.option(fc.integer({ min: 0, max: 72 * 60 })),
      series: fc.constantFrom("none", "hour", "day"),
      field: fc.constantFrom("duration", "ttft"),
      byAgent: fc.boolean(),
      percentiles: fc.uniqueArray(fc.oneof(fc.constantFrom(50, 90, 95, 99), fc.double({ min: 0.1, max: 99.9, noNaN: true })), {
        minLength: 1,
        maxLength: 5,
      }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(run, { minLength: 1, maxLength: 120 }),
        fc.array(range, { minLength: 1, maxLength: 4 }),
        async (items, ranges) => {
          const org = await createTestOrg(db);
          const agentIds = await createAgents(db, org.orgId, org.projectId, 2);
          const rows: BulkRun[] = items.map((i) => ({
            agentId: agentIds[i.agent],
            projectId: org.projectId,
            createdAt: new Date(T0 + i.minute * 60_000 + 1234),
            status: "completed",
            durationNs: i.duration,
            ttftNs: i.ttft,
          }));
          await insertRuns(db, org.orgId, rows);
          await rebuildHistograms(db, { orgId: org.orgId });
          for (const r of ranges) {
            const from = r.from === null ? undefined : new Date(T0 + r.from * 60_000 + 17);
            const to = r.span === null ? undefined : new Date((from?.getTime() ?? T0) + r.span * 60_000 + 5);
            const input = percentilesInput.parse({
              field: r.field,
              percentiles: r.percentiles,
              from,
              to,
              bucket: r.series,
              agentIds: r.byAgent ? [agentIds[0]] : undefined,
            });
            const answer = await histogramPercentiles(org.scope, {
              field: input.field,
              percentiles: input.percentiles,
              agentIds: input.agentIds,
              from: input.from,
              to: input.to,
              series: input.bucket,
            });
            if (!answer) continue; // not answerable from histograms: the exact query is used
            compared++;
            const exact = await exactPercentiles(org.scope, input);
            expect(answer.count).toBe(exact.overall.count);
            input.percentiles.forEach((p, i) =>
              expect(within(answer.values[i], exact.overall.values[percentileKey(p)])).toBe(true),
            );
            expect(answer.series.map((s) => [s.bucketStart!.toISOString(), s.count])).toEqual(
              exact.series.map((s) => [s.bucketStart.toISOString(), s.count]),
            );
            answer.series.forEach((point, j) =>
              input.percentiles.forEach((p, i) =>
                expect(within(point.values[i], exact.series[j].values[percentileKey(p)])).toBe(true),
              ),
            );
          }
        },
      ),
      { numRuns: 12 },
    );
    expect(compared).toBeGreaterThan(5); // the property did exercise the histogram path
  }, 120_000);
});

describe("routing", () => {
  it("answers large sets from the histograms (approximate, within α) and small or unanswerable ones exactly", async ({ db }) => {
    const org = await createTestOrg(db);
    const agentIds = await createAgents(db, org.orgId, org.projectId, 3);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows: BulkRun[] = Array.from({ length: EXACT_BELOW + 500 }, (_, i) => ({
      agentId: agentIds[i % 3],
      projectId: org.projectId,
      createdAt: new Date(T0 + Math.floor(rand() * 48 * HOUR)),
      status: i % 10 === 0 ? "failed" : "completed",
      durationNs: Math.round(1e9 * Math.exp(2 * rand())),
      ttftNs: Math.round(1e8 * Math.exp(rand())),
    }));
    await insertRuns(db, org.orgId, rows);
    await rebuildHistograms(db, { orgId: org.orgId });

    const all = percentilesInput.parse({ from: new Date(T0 - HOUR / 2), to: new Date(T0 + 47.5 * HOUR), bucket: "day" });
    const routed = await getPercentiles(org.scope, all);
    const exact = await exactPercentiles(org.scope, all);
    expect(routed.approximate).toBe(true);
    expect(routed.relativeError).toBe(RELATIVE_ERROR);
    expect(routed.overall.count).toBe(exact.overall.count);
    for (const key of Object.keys(exact.overall.values))
      expect(within(routed.overall.values[key], exact.overall.values[key])).toBe(true);
    expect(routed.series.map((s) => s.count)).toEqual(exact.series.map((s) => s.count));

    // Statuses that change the population, small sets, and ranges without a whole hour are exact.
    const failedOnly = percentilesInput.parse({ statuses: ["failed"] });
    expect(await getPercentiles(org.scope, failedOnly)).toEqual(await exactPercentiles(org.scope, failedOnly));
    const oneAgent = percentilesInput.parse({ agentIds: [agentIds[0]] }); // ~3.5k runs < EXACT_BELOW
    expect((await getPercentiles(org.scope, oneAgent)).approximate).toBeUndefined();
    const terminal = percentilesInput.parse({ statuses: ["completed", "failed", "cancelled", "expired"] });
    expect((await getPercentiles(org.scope, terminal)).approximate).toBe(true);
    const insideAnHour = percentilesInput.parse({ from: new Date(T0 + 60_000), to: new Date(T0 + 50 * 60_000) });
    expect((await getPercentiles(org.scope, insideAnHour)).approximate).toBeUndefined();

    // runs.list({ durationPercentile }): the histogram threshold, within α of percentile_cont …
    const page = await listRuns(org.scope, listRunsInput.parse({ durationPercentile: 95, limit: 10 }));
    const p95 = (await exactPercentiles(org.scope, percentilesInput.parse({ percentiles: [95] }))).overall.values.p95!;
    expect(within(page.durationThresholdNs!, p95)).toBe(true);
    expect(page.durationThresholdNs).not.toBe(p95);
    expect(page.items.every((r) => r.totalDurationNs! >= page.durationThresholdNs!)).toBe(true);
    // … and exact as soon as a filter the histograms cannot answer is present.
    const failedPage = await listRuns(
      org.scope,
      listRunsInput.parse({ durationPercentile: 95, statuses: ["failed"], limit: 10 }),
    );
    const failedP95 = (await exactPercentiles(org.scope, percentilesInput.parse({ percentiles: [95], statuses: ["failed"] })))
      .overall.values.p95!;
    expect(failedPage.durationThresholdNs).toBeCloseTo(failedP95, 3);
  }, 180_000);
});
