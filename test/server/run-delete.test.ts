/**
 * Deleting a run deletes its steps (with their step metrics) and messages, as Letta's ORM cascade does, and leaves
 * the derived rows — histograms, batch counts, run_tools — as if the run had never existed.
 */
import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { queryRows } from "@/db/client";
import {
  RELATIVE_ERROR,
  exactPercentiles,
  histogramPercentiles,
  percentileKey,
  rebuildHistograms,
} from "@/server/modules/percentiles";
import { percentilesInput } from "@/server/modules/percentiles/schemas";
import { createTestOrg } from "@/test/helpers/fixtures";
import { it } from "@/test/helpers/test";
import { histogramRows } from "@/test/perf/helpers";

const countOf = async (db: Parameters<typeof queryRows>[0], query: ReturnType<typeof sql>) =>
  Number((await queryRows<{ n: string | number }>(db, query))[0].n);

describe("runs.delete", () => {
  it("deletes the run's steps, step metrics, messages and run_tools rows, and nothing of other runs", async ({ db, org }) => {
    const agent = await org.caller.agents.create({ name: "doomed" });
    const make = async () => {
      const run = await org.caller.runs.create({ agentId: agent.id });
      const steps = [];
      for (let i = 0; i < 2; i++)
        steps.push(
          await org.caller.steps.create({
            runId: run.id,
            timings: { stepNs: 10 },
            messages: [
              { role: "user", content: "go" },
              { role: "assistant", toolCalls: [{ id: `c${i}`, name: "del_tool", arguments: "{}" }] },
            ],
          }),
        );
      await org.caller.runs.update({ runId: run.id, status: "completed", totalDurationNs: 1_000 });
      return { run, stepIds: steps.map((s) => s.id) };
    };
    const victim = await make();
    const kept = await make();
    const agentStep = await org.caller.steps.create({ agentId: agent.id, messages: [{ role: "user", content: "no run" }] });

    const ids = (list: string[]) =>
      sql.join(
        list.map((id) => sql`${id}`),
        sql`, `,
      );
    const rowsOf = async (stepIds: string[], runId: string) => ({
      steps: await countOf(db, sql`select count(*) as n from steps where id in (${ids(stepIds)})`),
      stepMetrics: await countOf(db, sql`select count(*) as n from step_metrics where id in (${ids(stepIds)})`),
      messages: await countOf(
        db,
        sql`select count(*) as n from messages where run_id = ${runId} or step_id in (${ids(stepIds)})`,
      ),
      runTools: await countOf(db, sql`select count(*) as n from run_tools where run_id = ${runId}`),
    });
    expect(await rowsOf(victim.stepIds, victim.run.id)).toEqual({ steps: 2, stepMetrics: 2, messages: 4, runTools: 1 });

    await org.caller.runs.delete({ runId: victim.run.id });
    expect(await rowsOf(victim.stepIds, victim.run.id)).toEqual({ steps: 0, stepMetrics: 0, messages: 0, runTools: 0 });
    expect(await rowsOf(kept.stepIds, kept.run.id)).toEqual({ steps: 2, stepMetrics: 2, messages: 4, runTools: 1 });
    expect((await org.caller.steps.get({ stepId: agentStep.id })).agentId).toBe(agent.id);
    // the tool stays registered: another run uses it
    expect(
      await countOf(db, sql`select count(*) as n from tools where organization_id = ${org.orgId} and name = 'del_tool'`),
    ).toBe(1);
  });

  it("leaves a batch's counts as if the run had never been in it", async ({ org }) => {
    const agent = await org.caller.agents.create({ name: "batched" });
    const batch = await org.caller.batches.create({
      requests: [{ agentId: agent.id }, { agentId: agent.id }, { agentId: agent.id }],
    });
    const [done, failed, open] = batch.runs.map((r) => r.id);
    await org.caller.runs.update({ runId: done, status: "completed" });
    await org.caller.runs.update({ runId: failed, status: "failed" });
    await org.caller.runs.delete({ runId: done });
    expect(await org.caller.batches.get({ batchId: batch.id })).toMatchObject({
      requestCount: 2,
      completedCount: 0,
      failedCount: 1,
      cancelledCount: 0,
      status: "running",
    });
    await org.caller.runs.delete({ runId: open });
    expect(await org.caller.batches.get({ batchId: batch.id })).toMatchObject({
      requestCount: 1,
      failedCount: 1,
      status: "completed",
    });
  });

  it("leaves the histograms as if the run had never existed: percentiles are those of the remaining runs", async ({ db }) => {
    const org = await createTestOrg(db, "Delete percentiles");
    const agent = await org.caller.agents.create({ name: "timed", projectId: org.projectId });
    const runIds: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const run = await org.caller.runs.create({ agentId: agent.id });
      await org.caller.steps.create({ runId: run.id });
      // durations 1..12 s; the TTFT is written before the end for half of them, after it for the others
      if (i % 2) await org.caller.runs.update({ runId: run.id, ttftNs: i * 10_000_000 });
      await org.caller.runs.update({ runId: run.id, status: i % 3 ? "completed" : "failed", totalDurationNs: i * 1e9 });
      if (!(i % 2)) await org.caller.runs.update({ runId: run.id, ttftNs: i * 10_000_000 });
      runIds.push(run.id);
    }
    const open = await org.caller.runs.create({ agentId: agent.id });
    await org.caller.runs.update({ runId: open.id, ttftNs: 5_000_000 });
    // the slowest and fastest completed, a failed run and the open one go
    for (const id of [runIds[11], runIds[0], runIds[5], open.id]) await org.caller.runs.delete({ runId: id });

    const incremental = await histogramRows(db, org.orgId);
    await rebuildHistograms(db, { orgId: org.orgId });
    expect(incremental).toEqual(await histogramRows(db, org.orgId));

    const percentiles = [10, 50, 90, 99];
    for (const field of ["duration", "ttft"] as const) {
      const exact = await exactPercentiles(org.scope, percentilesInput.parse({ field, percentiles }));
      expect(exact.overall.count).toBe(9);
      for (const population of [{}, { agentIds: [agent.id] }, { projectId: org.projectId }]) {
        const fromHistograms = await histogramPercentiles(org.scope, { field, percentiles, series: "none", ...population });
        expect(fromHistograms?.count).toBe(9);
        percentiles.forEach((p, i) => {
          const want = exact.overall.values[percentileKey(p)] as number;
          expect(Math.abs(fromHistograms!.values[i]! - want)).toBeLessThanOrEqual(RELATIVE_ERROR * want + 1e-6);
        });
      }
    }
  });
});
