import { describe, expect } from "vitest";
import { randomUUID } from "node:crypto";
import { agents, callbackAttempts, callbackDeliveries, steps, type RunStatus, type StopReason } from "@/db/schema";
import { newId } from "@/server/ids";
import { insertRunsWithMetrics } from "@/server/modules/runs";
import type { TestOrg } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

const S = 1_000_000_000; // ns per second
const T0 = new Date("2026-03-02T10:00:00.000Z"); // the analysed hour is [T0, T0 + 1 h)
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);
const HOUR = { range: "custom" as const, from: T0, to: at(60) };

/** Exact percentile_cont, the reference every answer is checked against. */
function percentileCont(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

interface RunSpec {
  agentId: string;
  createdAt: Date;
  durationNs?: number | null;
  ttftNs?: number | null;
  status?: RunStatus;
  stopReason?: StopReason | null;
  models?: (string | null)[];
}

const it = base
  .extend("addAgent", { scope: "file" }, async ({ db }) => async (o: TestOrg, name: string) => {
    const id = newId("agent");
    await db.insert(agents).values({ id, organizationId: o.orgId, projectId: o.projectId, name });
    return id;
  })
  .extend("addRuns", { scope: "file" }, async ({ db }) => async (o: TestOrg, specs: RunSpec[]) => {
    const ids: string[] = [];
    for (const spec of specs) {
      const id = newId("run");
      ids.push(id);
      const status = spec.status ?? "completed";
      await insertRunsWithMetrics(db, [
        {
          id,
          organizationId: o.orgId,
          projectId: o.projectId,
          agentId: spec.agentId,
          status,
          stopReason: spec.stopReason === undefined ? (status === "completed" ? "end_turn" : null) : spec.stopReason,
          totalDurationNs: spec.durationNs ?? null,
          ttftNs: spec.ttftNs ?? null,
          createdAt: spec.createdAt,
        },
      ]);
      for (const [i, model] of (spec.models ?? []).entries()) {
        await db.insert(steps).values({
          id: newId("step"),
          organizationId: o.orgId,
          projectId: o.projectId,
          agentId: spec.agentId,
          runId: id,
          model,
          status: "success",
          createdAt: new Date(spec.createdAt.getTime() + (i + 1) * 1000),
        });
      }
    }
    return ids;
  });

let alpha: string;
let beta: string;
let idle: string;
const alphaMinute0 = Array.from({ length: 25 }, (_, i) => (i + 1) * S); // 1..25 s, in minute 0
const betaMinute5 = [2 * S, 4 * S, 9 * S]; // thin bucket, minute 5
const previousHour = Array.from({ length: 20 }, (_, i) => (i + 1) * S * 0.5); // 0.5..10 s, in the hour before

it.beforeAll(async ({ org, other, addAgent, addRuns }) => {
  alpha = await addAgent(org, "alpha");
  beta = await addAgent(org, "beta");
  idle = await addAgent(org, "idle");
  await addRuns(
    org,
    alphaMinute0.map((d, i) => ({
      agentId: alpha,
      createdAt: at(0, i),
      durationNs: d,
      ttftNs: d / 5,
      models: i === 0 ? ["gpt-a", "gpt-b"] : i === 1 ? [null, "gpt-b"] : ["gpt-a"],
      stopReason: i < 5 ? ("max_steps" as const) : ("end_turn" as const),
    })),
  );
  await addRuns(org, [
    {
      agentId: beta,
      createdAt: at(5, 1),
      durationNs: betaMinute5[0],
      ttftNs: 1 * S,
      status: "failed",
      stopReason: "llm_api_error",
    },
    { agentId: beta, createdAt: at(5, 2), durationNs: betaMinute5[1], ttftNs: 1 * S },
    { agentId: beta, createdAt: at(5, 3), durationNs: betaMinute5[2], ttftNs: 3 * S },
    // Still running: no duration, no stop reason; counted as a run, not in percentiles.
    { agentId: beta, createdAt: at(6), status: "running", stopReason: null },
  ]);
  await addRuns(
    org,
    previousHour.map((d, i) => ({
      agentId: alpha,
      createdAt: new Date(T0.getTime() - 3_000_000 + i * 1000),
      durationNs: d,
      models: ["gpt-a"],
    })),
  );
  // Noise that must never show: another org's runs in the same hour, and a run just after the range.
  const stranger = await addAgent(other, "stranger");
  await addRuns(other, [{ agentId: stranger, createdAt: at(0, 30), durationNs: 1000 * S, ttftNs: 1 * S }]);
  await addRuns(org, [{ agentId: alpha, createdAt: at(60), durationNs: 999 * S }]);
});

describe("analytics.percentiles", () => {
  it("gives exact percentiles per automatic bucket, with empty buckets as gaps", async ({ org }) => {
    const result = await org.caller.analytics.percentiles({ ...HOUR, percentiles: [50, 95, 99] });
    expect(result.bucket.id).toBe("1m");
    expect(result.series).toHaveLength(1);
    const [all] = result.series;
    expect(all.points).toHaveLength(60);
    const all28 = [...alphaMinute0, ...betaMinute5];
    expect(all.current.count).toBe(28);
    expect(all.current.values.p95).toBeCloseTo(percentileCont(all28, 95), 0);
    const minute0 = all.points[0];
    expect(minute0.count).toBe(25);
    expect(minute0.thin).toBe(false);
    expect(minute0.values.p50).toBe(13 * S);
    expect(minute0.values.p95).toBeCloseTo(percentileCont(alphaMinute0, 95), 0);
    expect(minute0.values.p99).toBeCloseTo(percentileCont(alphaMinute0, 99), 0);
    const minute5 = all.points[5];
    expect(minute5).toMatchObject({ count: 3, thin: true });
    expect(minute5.values.p50).toBe(4 * S);
    expect(minute5.values.p99).toBeNull(); // no p99 read off 3 runs
    expect(all.points[1]).toMatchObject({ count: 0, values: { p50: null, p95: null, p99: null } });
    expect(all.points[5].start.toISOString()).toBe(at(5).toISOString());
    expect(all.points[5].end.toISOString()).toBe(at(6).toISOString());
  });

  it("compares with the previous period of the same length", async ({ org }) => {
    const result = await org.caller.analytics.percentiles({ ...HOUR, percentiles: [50, 95] });
    const [all] = result.series;
    expect(result.previousFrom.toISOString()).toBe(new Date(T0.getTime() - 3_600_000).toISOString());
    expect(all.previous.count).toBe(20);
    const prev95 = percentileCont(previousHour, 95);
    const cur95 = percentileCont([...alphaMinute0, ...betaMinute5], 95);
    expect(all.previous.values.p95).toBeCloseTo(prev95, 0);
    expect(all.deltas.p95!).toBeCloseTo((cur95 - prev95) / prev95, 6);
  });

  it("gives no delta when either period is thin", async ({ org }) => {
    const result = await org.caller.analytics.percentiles({ ...HOUR, groupBy: "agent", percentiles: [50] });
    const beta_ = result.series.find((s) => s.key === beta)!;
    expect(beta_.current).toMatchObject({ count: 3, thin: true });
    expect(beta_.deltas.p50).toBeNull();
    const alpha_ = result.series.find((s) => s.key === alpha)!;
    expect(alpha_.previous.count).toBe(20);
    expect(alpha_.deltas.p50).toBeCloseTo((13 * S - percentileCont(previousHour, 50)) / percentileCont(previousHour, 50), 6);
  });

  it("measures TTFT too", async ({ org }) => {
    const result = await org.caller.analytics.percentiles({ ...HOUR, field: "ttft", percentiles: [50] });
    expect(result.series[0].points[0].values.p50).toBe((13 * S) / 5);
    expect(result.series[0].points[5].values.p50).toBe(1 * S);
  });

  it("groups by agent (labelled by name), stop reason and model (the first step's model)", async ({ org }) => {
    const byAgent = await org.caller.analytics.percentiles({ ...HOUR, groupBy: "agent", percentiles: [50] });
    expect(byAgent.series.map((s) => [s.key, s.label, s.current.count])).toEqual([
      [alpha, "alpha", 25],
      [beta, "beta", 3],
    ]);
    const byReason = await org.caller.analytics.percentiles({ ...HOUR, groupBy: "stop_reason", percentiles: [50] });
    expect(Object.fromEntries(byReason.series.map((s) => [s.key, s.current.count]))).toEqual({
      end_turn: 22,
      max_steps: 5,
      llm_api_error: 1,
    });
    expect(byReason.series.find((s) => s.key === "max_steps")!.current.values.p50).toBe(3 * S);
    const byModel = await org.caller.analytics.percentiles({ ...HOUR, groupBy: "model", percentiles: [50] });
    expect(Object.fromEntries(byModel.series.map((s) => [s.key, s.current.count]))).toEqual({
      "gpt-a": 24, // run 0 used gpt-a then gpt-b: its first model counts
      "gpt-b": 1, // run 1's first step named no model; its second did
      "(unknown)": 3, // beta's runs have no steps
    });
  });

  it("applies agent and status filters", async ({ org }) => {
    const result = await org.caller.analytics.percentiles({
      ...HOUR,
      agentIds: [beta],
      statuses: ["completed"],
      percentiles: [50],
    });
    expect(result.series[0].current.count).toBe(2);
    expect(result.series[0].current.values.p50).toBe(6.5 * S);
  });

  it("matches the threshold runs.list uses for the same window (percentile → rows)", async ({ org }) => {
    const result = await org.caller.analytics.percentiles({ ...HOUR, groupBy: "agent", percentiles: [95] });
    const point = result.series.find((s) => s.key === alpha)!.points[0];
    const page = await org.caller.runs.list({
      agentId: alpha,
      startDate: point.start,
      endDate: new Date(point.end.getTime() - 1),
      durationPercentile: 95,
      orderBy: "duration",
      ascending: false,
    });
    expect(page.durationThresholdNs).toBeCloseTo(point.values.p95!, 0);
    expect(page.items.map((r) => r.totalDurationNs)).toEqual([25 * S, 24 * S]);
  });

  it("validates the range", async ({ org }) => {
    await expect(org.caller.analytics.percentiles({ range: "custom", from: T0 })).rejects.toThrow(
      /"to"[\s\S]*is required with range 'custom'/,
    );
    await expect(org.caller.analytics.percentiles({ range: "7d", from: T0 })).rejects.toThrow(
      /"range"[\s\S]*only allowed with range 'custom'/,
    );
    await expect(
      org.caller.analytics.percentiles({ range: "custom", from: T0, to: new Date(T0.getTime() + 10 * 366 * 86_400_000) }),
    ).rejects.toThrow(/five years/);
    await expect(org.caller.analytics.percentiles({ percentiles: [42 as 50] })).rejects.toThrow(/percentiles/);
  });
});

describe("analytics.stopReasons", () => {
  it("counts ended runs per stop reason and bucket", async ({ org }) => {
    const mix = await org.caller.analytics.stopReasons(HOUR);
    expect(mix.reasons).toEqual([
      { reason: "end_turn", count: 22 },
      { reason: "max_steps", count: 5 },
      { reason: "llm_api_error", count: 1 },
    ]);
    expect(mix.points).toHaveLength(60);
    expect(mix.points[0]).toMatchObject({ total: 25, counts: { end_turn: 20, max_steps: 5 } });
    expect(mix.points[5]).toMatchObject({ total: 3, counts: { end_turn: 2, llm_api_error: 1 } });
    expect(mix.points[6].total).toBe(0); // the running run has no stop reason yet
  });
});

describe("analytics.ttftSplit", () => {
  it("splits duration into TTFT and the rest, per group", async ({ org }) => {
    const split = await org.caller.analytics.ttftSplit({ ...HOUR, groupBy: "agent" });
    const a = split.rows.find((r) => r.key === alpha)!;
    expect(a).toMatchObject({ label: "alpha", count: 25 });
    const meanDuration = alphaMinute0.reduce((x, y) => x + y, 0) / 25;
    expect(a.meanTtftNs).toBe(Math.round(meanDuration / 5));
    expect(a.meanRestNs).toBe(Math.round((meanDuration * 4) / 5));
    expect(a.ttft.p50).toBe((13 * S) / 5);
    expect(a.rest.p50).toBe((13 * S * 4) / 5);
    const b = split.rows.find((r) => r.key === beta)!;
    expect(b.rest.p50).toBe(3 * S); // rests 1, 3, 6 s
  });
});

describe("analytics.agents", () => {
  it("lists every agent with run counts, error rate and percentiles in one query", async ({ org }) => {
    const stats = await org.caller.analytics.agents(HOUR);
    expect(stats.agents.map((a) => [a.name, a.runs, a.finished, a.errors])).toEqual([
      ["alpha", 25, 25, 0],
      ["beta", 4, 3, 1],
      ["idle", 0, 0, 0],
    ]);
    const a = stats.agents[0];
    expect(a.duration.p95).toBeCloseTo(percentileCont(alphaMinute0, 95), 0);
    expect(a.duration.p99).toBeCloseTo(percentileCont(alphaMinute0, 99), 0);
    expect(a.thin).toBe(false);
    const b = stats.agents[1];
    expect(b.errorRate).toBeCloseTo(1 / 3, 6);
    expect(b.duration.p50).toBe(4 * S);
    expect(b.duration.p99).toBeNull();
    expect(b.lastRunAt?.toISOString()).toBe(at(6).toISOString());
    expect(stats.agents[2]).toMatchObject({ agentId: idle, errorRate: null, lastRunAt: null, duration: { p95: null } });
  });

  it("never shows another organization's agents or runs", async ({ other }) => {
    const stats = await other.caller.analytics.agents(HOUR);
    expect(stats.agents.map((a) => [a.name, a.runs])).toEqual([["stranger", 1]]);
    const series = await other.caller.analytics.percentiles({ ...HOUR, groupBy: "agent" });
    expect(series.series.map((s) => s.label)).toEqual(["stranger"]);
    const foreign = await other.caller.analytics.agents({ ...HOUR, agentIds: [alpha] });
    expect(foreign.agents).toEqual([]);
  });

  it("counts the runs the chart counts: completed and failed by default, the chosen statuses otherwise", async ({
    org,
    addAgent,
    addRuns,
  }) => {
    const gamma = await addAgent(org, "gamma");
    await addRuns(org, [
      ...Array.from({ length: 20 }, (_, i) => ({ agentId: gamma, createdAt: at(10, i), durationNs: (i + 1) * S, ttftNs: S / 2 })),
      // One cancelled 1,000 s run: by default it must not become the agent's p95/p99 (the chart leaves it out too).
      {
        agentId: gamma,
        createdAt: at(10, 4),
        durationNs: 1000 * S,
        ttftNs: 500 * S,
        status: "cancelled",
        stopReason: "cancelled",
      },
    ]);
    const [row] = (await org.caller.analytics.agents({ ...HOUR, agentIds: [gamma] })).agents;
    expect(row.runs).toBe(21);
    expect(row.duration.p99).toBeLessThanOrEqual(20 * S);
    expect(row.ttft.p95).toBeLessThanOrEqual(S / 2);
    const chart = await org.caller.analytics.percentiles({ ...HOUR, agentIds: [gamma] });
    expect(chart.statuses).toEqual(["completed", "failed"]);
    const [cancelled] = (await org.caller.analytics.agents({ ...HOUR, agentIds: [gamma], statuses: ["cancelled"] })).agents;
    expect(cancelled.duration.p50).toBe(1000 * S);
  });
});

describe("analytics.callbacks", () => {
  it("gives success rate, receiver latency and failures by status code for the range", async ({ db, org, other }) => {
    const delivery = async (
      o: TestOrg,
      status: "pending" | "delivered" | "failed",
      createdAt: Date,
      attempts: [number | null, "delivered" | "failed" | "refused", number][],
    ) => {
      const id = newId("delivery");
      await db.insert(callbackDeliveries).values({
        id,
        organizationId: o.orgId,
        subjectId: newId("run"),
        event: "run.finished",
        url: "https://example.com/hook",
        body: "{}",
        status,
        attemptCount: attempts.length,
        createdAt,
      });
      for (const [i, [statusCode, outcome, durationMs]] of attempts.entries())
        await db.insert(callbackAttempts).values({
          id: randomUUID(),
          organizationId: o.orgId,
          deliveryId: id,
          attemptNumber: i + 1,
          startedAt: new Date(createdAt.getTime() + i * 1000),
          durationMs,
          outcome,
          statusCode,
        });
    };
    await delivery(org, "delivered", at(1), [[200, "delivered", 100]]);
    await delivery(org, "delivered", at(2), [
      [500, "failed", 300],
      [200, "delivered", 200],
    ]);
    await delivery(org, "failed", at(3), [[410, "failed", 50]]);
    await delivery(org, "pending", at(4), [
      [null, "failed", 15000],
      [null, "refused", 0],
    ]);
    await delivery(org, "delivered", at(61), [[200, "delivered", 1]]); // after the range
    await delivery(other, "failed", at(5), [[503, "failed", 10]]); // another org

    const stats = await org.caller.analytics.callbacks(HOUR);
    expect(stats.deliveries).toEqual({ total: 4, delivered: 2, failed: 1, pending: 1 });
    expect(stats.successRate).toBeCloseTo(2 / 3, 6);
    expect(stats.attempts.total).toBe(6);
    // Latency of the attempts that reached the network: 100, 300, 200, 50, 15000 ms.
    expect(stats.attempts.p50Ms).toBe(percentileCont([100, 300, 200, 50, 15000], 50));
    expect(stats.attempts.p95Ms).toBeCloseTo(percentileCont([100, 300, 200, 50, 15000], 95), 6);
    expect(stats.failuresByCode).toEqual([
      { code: "410", count: 1 },
      { code: "500", count: 1 },
      { code: "no response", count: 1 },
      { code: "refused", count: 1 },
    ]);
    const theirs = await other.caller.analytics.callbacks(HOUR);
    expect(theirs.deliveries.total).toBe(1);
    expect(theirs.failuresByCode).toEqual([{ code: "503", count: 1 }]);
  });
});
