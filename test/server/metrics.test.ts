import { eq, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { queryRows } from "@/db/client";
import { runs } from "@/db/schema";
import { handleRestRequest } from "@/server/http/rest-handler";
import { newId } from "@/server/ids";
import { retrieveRunMetricsRoute } from "@/server/modules/runs/rest";
import { expectTrpcError } from "@/test/helpers/assertions";
import { createTestOrg } from "@/test/helpers/fixtures";
import { it as base } from "@/test/helpers/test";

// Percentiles are org-wide: their data lives in an organization of its own, apart from metrics.run's runs.
const it = base.extend("percentileOrg", { scope: "file" }, async ({ db }) => createTestOrg(db, "Percentile org"));

/** Postgres' percentile_cont: linear interpolation between the two nearest ranks. */
function percentileCont(values: number[], percentile: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (percentile / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

describe("metrics.run", () => {
  it("summarises the run's step timings and reports ttft, run_ns, num_steps and tools", async ({ org }) => {
    const agent = await org.caller.agents.create({ name: "timed", projectId: org.projectId });
    const run = await org.caller.runs.create({ agentId: agent.id, baseTemplateId: "tmpl" });
    await org.caller.steps.create({ runId: run.id, timings: { stepNs: 100, llmRequestNs: 60, toolExecutionNs: 30 } });
    await org.caller.steps.create({ runId: run.id, timings: { stepNs: 300, llmRequestNs: 250 } });
    const third = await org.caller.steps.create({
      runId: run.id,
      messages: [{ role: "assistant", toolCalls: [{ id: "k", name: "grep", arguments: "{}" }] }],
    });
    // timings can arrive later through steps.update
    await org.caller.steps.update({ stepId: third.id, timings: { toolExecutionNs: 11 } });
    await org.caller.runs.update({ runId: run.id, ttftNs: 5_000 });
    await org.caller.runs.update({ runId: run.id, status: "completed", totalDurationNs: 1_000 });

    const metrics = await org.caller.metrics.run({ runId: run.id });
    expect(metrics).toMatchObject({
      runId: run.id,
      agentId: agent.id,
      projectId: org.projectId,
      baseTemplateId: "tmpl",
      runNs: 1_000,
      numSteps: 3,
      ttftNs: 5_000,
      steps: {
        count: 3,
        stepNs: { total: 400, avg: 200, max: 300 },
        llmRequestNs: { total: 310, avg: 155, max: 250 },
        toolExecutionNs: { total: 41, avg: 21, max: 30 },
      },
    });
    expect(metrics.toolsUsed).toHaveLength(1);
    expect(metrics.runStart).toBeInstanceOf(Date);
  });

  it("an open run has no run_ns yet and empty summaries", async ({ org }) => {
    const agent = await org.caller.agents.create({ name: "open" });
    const run = await org.caller.runs.create({ agentId: agent.id });
    const metrics = await org.caller.metrics.run({ runId: run.id });
    expect(metrics).toMatchObject({
      runNs: null,
      numSteps: 0,
      toolsUsed: [],
      steps: { count: 0, stepNs: { total: 0, avg: null, max: null } },
    });
  });

  it("counts steps and tools as they arrive, while the run is open, and the end keeps the same answer", async ({ db, org }) => {
    const agent = await org.caller.agents.create({ name: "live" });
    const run = await org.caller.runs.create({ agentId: agent.id });
    const call = (id: string, name: string) => ({ role: "assistant" as const, toolCalls: [{ id, name, arguments: "{}" }] });
    await org.caller.steps.create({ runId: run.id, messages: [call("a", "grep"), call("b", "grep")] });
    await org.caller.steps.create({ runId: run.id, messages: [{ role: "approval", toolCalls: [{ id: "c", name: "rm" }] }] });
    const toolId = async (name: string) =>
      (await queryRows<{ id: string }>(db, sql`select id from tools where organization_id = ${org.orgId} and name = ${name}`))[0]
        ?.id;
    const tools = [await toolId("grep"), await toolId("rm")].sort();
    expect(tools.every(Boolean)).toBe(true);

    const open = await org.caller.metrics.run({ runId: run.id });
    expect(open).toMatchObject({ runNs: null, numSteps: 2, toolsUsed: tools, steps: { count: 2 } });
    const wire = await handleRestRequest(
      retrieveRunMetricsRoute,
      db,
      new Request("http://127.0.0.1/v1/x", { headers: { authorization: `Bearer ${org.token}` } }),
      { run_id: run.id },
    );
    expect(await wire.json()).toMatchObject({ num_steps: 2, tools_used: tools });
    // the run-list filters read the same rows: step count, and the tool (run_tools)
    const listed = async (input: { stepCount?: number; toolsUsed?: string[] }) =>
      (await org.caller.runs.list({ agentId: agent.id, ...input })).items.map((r) => r.id);
    expect(await listed({ stepCount: 2 })).toEqual([run.id]);
    expect(await listed({ toolsUsed: [tools[0]] })).toEqual([run.id]);
    expect((await org.caller.runs.list({ agentId: agent.id })).items[0]).toMatchObject({ numSteps: 2, toolsUsed: tools });

    await org.caller.steps.create({ runId: run.id });
    await org.caller.runs.update({ runId: run.id, status: "completed", totalDurationNs: 5 });
    expect(await org.caller.metrics.run({ runId: run.id })).toMatchObject({ runNs: 5, numSteps: 3, toolsUsed: tools });
  });

  it("unknown run is NOT_FOUND naming runId", async ({ org }) => {
    await expectTrpcError(org.caller.metrics.run({ runId: newId("run") }), "NOT_FOUND", "runId");
  });
});

describe("metrics.percentiles", () => {
  let agentX: string;
  let agentY: string;
  const H0 = Date.parse("2026-03-01T10:00:00.000Z");
  // [agent, status, duration, ttft, hour offset]
  const DATA: ["X" | "Y", "completed" | "failed", number, number, number][] = [
    ["X", "completed", 100, 10, 0],
    ["X", "completed", 200, 20, 0],
    ["X", "failed", 350, 35, 0],
    ["Y", "completed", 1000, 5, 0],
    ["X", "completed", 400, 40, 1],
    ["Y", "completed", 700, 70, 1],
    ["Y", "failed", 50, 1, 1],
    ["X", "completed", 900, 90, 3],
  ];
  const rows: { agent: string; status: string; dur: number; ttft: number; hour: number }[] = [];

  it.beforeAll(async ({ db, percentileOrg: org }) => {
    agentX = (await org.caller.agents.create({ name: "x", projectId: org.projectId })).id;
    agentY = (await org.caller.agents.create({ name: "y" })).id;
    for (const [agent, status, dur, ttft, hour] of DATA) {
      const agentId = agent === "X" ? agentX : agentY;
      const run = await org.caller.runs.create({ agentId });
      await org.caller.runs.update({ runId: run.id, status, totalDurationNs: dur, ttftNs: ttft });
      await db
        .update(runs)
        .set({ createdAt: new Date(H0 + hour * 3_600_000 + 60_000 * rows.length) })
        .where(eq(runs.id, run.id));
      rows.push({ agent: agentId, status, dur, ttft, hour });
    }
    // an open run has no duration and must be ignored
    await org.caller.runs.create({ agentId: agentX });
  });

  function expectValues(
    result: { overall: { values: Record<string, number | null> }; approximate?: boolean; relativeError?: number },
    values: number[],
    ps: number[],
  ) {
    for (const p of ps) {
      const expected = percentileCont(values, p);
      const actual = result.overall.values[`p${p}`];
      if (expected === null) {
        expect(actual).toBeNull();
        continue;
      }
      expect(actual).not.toBeNull();
      const tolerance = result.approximate ? Math.abs(expected) * (result.relativeError ?? 0) + 1e-9 : 1e-6;
      expect(Math.abs(actual! - expected), `p${p}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
    }
  }

  const ps = [10, 25, 50, 75, 90, 99];

  it("matches percentile_cont computed in JS over all finished runs", async ({ percentileOrg: org }) => {
    const result = await org.caller.metrics.percentiles({ percentiles: ps });
    expect(result.overall.count).toBe(DATA.length);
    expect(result.field).toBe("duration");
    expect(result.percentiles).toEqual(ps);
    expectValues(
      result,
      rows.map((r) => r.dur),
      ps,
    );
    expect(result.series).toEqual([]);
  });

  it("known answer: the median of 8 durations interpolates between the 4th and 5th", async ({ percentileOrg: org }) => {
    // sorted: 50 100 200 350 400 700 900 1000 → p50 at position 3.5 = (350 + 400) / 2
    const result = await org.caller.metrics.percentiles({ percentiles: [50] });
    expect(result.overall.values.p50).toBeCloseTo(375, 6);
  });

  it("uses the default percentiles 50, 90, 95, 99", async ({ percentileOrg: org }) => {
    const result = await org.caller.metrics.percentiles({});
    expect(Object.keys(result.overall.values)).toEqual(["p50", "p90", "p95", "p99"]);
  });

  it("filters by agent, project, status and time window", async ({ percentileOrg: org }) => {
    const cases: [Parameters<typeof org.caller.metrics.percentiles>[0], (r: (typeof rows)[number]) => boolean][] = [
      [{ agentIds: [agentX] }, (r) => r.agent === agentX],
      [{ projectId: org.projectId }, (r) => r.agent === agentX],
      [{ statuses: ["failed"] }, (r) => r.status === "failed"],
      [{ agentIds: [agentY], statuses: ["completed"] }, (r) => r.agent === agentY && r.status === "completed"],
      [{ from: new Date(H0 + 3_600_000), to: new Date(H0 + 3 * 3_600_000) }, (r) => r.hour === 1],
      [{ from: new Date(H0 + 3_600_000) }, (r) => r.hour >= 1],
      [{ agentIds: [newId("agent")] }, () => false],
    ];
    for (const [input, matches] of cases) {
      const result = await org.caller.metrics.percentiles({ ...input, percentiles: ps });
      const selected = rows.filter(matches);
      expect(result.overall.count, JSON.stringify(input)).toBe(selected.length);
      expectValues(
        result,
        selected.map((r) => r.dur),
        ps,
      );
    }
  });

  it("reads TTFT when asked", async ({ percentileOrg: org }) => {
    const result = await org.caller.metrics.percentiles({ field: "ttft", percentiles: ps });
    expect(result.field).toBe("ttft");
    expectValues(
      result,
      rows.map((r) => r.ttft),
      ps,
    );
  });

  it("returns one point per UTC hour that has runs", async ({ percentileOrg: org }) => {
    const result = await org.caller.metrics.percentiles({ bucket: "hour", percentiles: [50] });
    expect(result.series.map((p) => p.bucketStart.toISOString())).toEqual([
      new Date(H0).toISOString(),
      new Date(H0 + 3_600_000).toISOString(),
      new Date(H0 + 3 * 3_600_000).toISOString(),
    ]);
    for (const point of result.series) {
      const hour = (point.bucketStart.getTime() - H0) / 3_600_000;
      const selected = rows.filter((r) => r.hour === hour).map((r) => r.dur);
      expect(point.count).toBe(selected.length);
      expectValues({ ...result, overall: point }, selected, [50]);
    }
    const daily = await org.caller.metrics.percentiles({ bucket: "day", percentiles: [50] });
    expect(daily.series).toHaveLength(1);
    expect(daily.series[0].count).toBe(DATA.length);
  });

  it("rejects a window that ends before it starts (BAD_REQUEST naming to) and percentiles out of (0, 100)", async ({
    percentileOrg: org,
  }) => {
    await expectTrpcError(org.caller.metrics.percentiles({ from: new Date(H0), to: new Date(H0 - 1) }), "BAD_REQUEST", "to");
    await expectTrpcError(org.caller.metrics.percentiles({ percentiles: [0] }), "BAD_REQUEST", "percentiles.0");
    await expectTrpcError(org.caller.metrics.percentiles({ percentiles: [50, 100] }), "BAD_REQUEST", "percentiles.1");
    await expectTrpcError(
      org.caller.metrics.percentiles({ bucket: "hour", from: new Date(0), to: new Date(H0) }),
      "BAD_REQUEST",
      "bucket",
    );
  });
});
