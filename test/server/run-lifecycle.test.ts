import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { queryRows } from "@/db/client";
import {
  agents,
  messages,
  runMetrics,
  runs,
  runTools,
  stepMetrics,
  steps,
  TERMINAL_RUN_STATUSES,
  type RunStatus,
} from "@/db/schema";
import { rebuildHistograms } from "@/server/modules/percentiles";
import { expectTrpcError, snapshotTables } from "@/test/helpers/assertions";
import { histogramRows } from "@/test/perf/helpers";
import { TEST_ENGINE } from "@/test/helpers/db";
import { it as base } from "@/test/helpers/test";

let agentId: string;

const it = base
  .extend(
    "newRun",
    { scope: "file" },
    async ({ org }) =>
      (metadata?: Record<string, unknown>) =>
        org.caller.runs.create({ agentId, metadata }),
  )
  .extend(
    "metricsOf",
    { scope: "file" },
    async ({ db }) =>
      async (runId: string) =>
        (await db.select().from(runMetrics).where(eq(runMetrics.id, runId)))[0],
  )
  .extend(
    "agentRow",
    { scope: "file" },
    async ({ org }) =>
      () =>
        org.caller.agents.get({ agentId }),
  )
  .extend(
    "runToolsOf",
    { scope: "file" },
    async ({ db }) =>
      (runId: string) =>
        db.select().from(runTools).where(eq(runTools.runId, runId)),
  )
  .extend(
    "stepsOf",
    { scope: "file" },
    async ({ db }) =>
      async (runId: string) =>
        db.select().from(steps).where(eq(steps.runId, runId)),
  )
  /** A step whose assistant message calls the named tools. */
  .extend(
    "stepCalling",
    { scope: "file" },
    async ({ org }) =>
      (runId: string, ...names: string[]) =>
        org.caller.steps.create({
          runId,
          status: "success",
          messages: [{ role: "assistant", toolCalls: names.map((name, i) => ({ id: `call_${i}`, name, arguments: "{}" })) }],
        }),
  )
  /** Moves the run's created_at back, so a duration computed from "now − start" is measurable. */
  .extend("startedAgo", { scope: "file" }, async ({ db }) => async (runId: string, ms: number) => {
    const start = new Date(Date.now() - ms);
    await db.update(runs).set({ createdAt: start }).where(eq(runs.id, runId));
    return start;
  })
  /** Waits until `n` sessions of this database wait on a lock (Postgres only). */
  .extend("waitForLockWaiters", { scope: "file" }, async ({ db }) => async (n: number) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [{ waiting }] = await queryRows<{ waiting: number }>(
        db,
        sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (waiting >= n) return;
      if (Date.now() > deadline) throw new Error(`only ${waiting} of ${n} sessions waited on the lock`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

it.beforeAll(async ({ org }) => {
  agentId = (await org.caller.agents.create({ name: "lifecycle-agent" })).id;
});

describe("the first terminal update", () => {
  it("sets completed_at, run_ns from now − start, num_steps, tools_used and the agent's last stop reason", async ({
    org,
    newRun,
    metricsOf,
    agentRow,
    startedAgo,
  }) => {
    const run = await newRun();
    await org.caller.steps.create({
      runId: run.id,
      status: "success",
      messages: [
        {
          role: "assistant",
          toolCalls: [
            { id: "c1", name: "lookup", arguments: "{}" },
            { id: "c2", name: "search", arguments: "{}" },
          ],
        },
        {
          role: "tool",
          toolReturns: [
            { tool_call_id: "c1", status: "success", func_response: "ok" },
            { tool_call_id: "c2", status: "success", func_response: "ok" },
          ],
        },
      ],
    });
    await org.caller.steps.create({
      runId: run.id,
      status: "success",
      messages: [{ role: "assistant", toolCalls: [{ id: "c3", name: "lookup", arguments: "{}" }] }],
    });
    await startedAgo(run.id, 5_000);
    const before = Date.now();
    const done = await org.caller.runs.update({ runId: run.id, status: "completed" });
    const after = Date.now();
    expect(done.status).toBe("completed");
    expect(done.stopReason).toBe("end_turn");
    expect(done.completedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(done.completedAt!.getTime()).toBeLessThanOrEqual(after + 1000);
    const metrics = await metricsOf(run.id);
    expect(metrics.runNs).toBeGreaterThanOrEqual(4_900_000_000);
    expect(metrics.runNs).toBeLessThan(5_000_000_000 + (after - before + 1000) * 1_000_000);
    expect(done.totalDurationNs).toBe(metrics.runNs);
    expect(metrics.numSteps).toBe(2);
    expect(metrics.toolsUsed).toHaveLength(2);
    const viaApi = await org.caller.metrics.run({ runId: run.id });
    expect(viaApi).toMatchObject({ runNs: metrics.runNs, numSteps: 2 });
    expect([...viaApi.toolsUsed].sort()).toEqual([...metrics.toolsUsed].sort());
    expect((await agentRow()).lastStopReason).toBe("end_turn");
  });

  it("writes one run_tools row per tool of tools_used, with the run's created_at to the microsecond", async ({
    db,
    org,
    newRun,
    metricsOf,
    runToolsOf,
    stepCalling,
  }) => {
    const run = await newRun();
    const createdAt = "2026-03-04 05:06:07.123456+00";
    await db.execute(sql`update runs set created_at = ${createdAt}::timestamptz where id = ${run.id}`);
    await stepCalling(run.id, "rt_lookup", "rt_search");
    await stepCalling(run.id, "rt_lookup");
    // written as the steps arrive (an open run's tool filter works), and the end adds none
    expect(await runToolsOf(run.id)).toHaveLength(2);
    await org.caller.runs.update({ runId: run.id, status: "completed" });
    const metrics = await metricsOf(run.id);
    expect(metrics.toolsUsed).toHaveLength(2);
    const rows = await runToolsOf(run.id);
    expect(rows.map((r) => r.toolId).sort()).toEqual([...metrics.toolsUsed].sort());
    expect(rows.every((r) => r.organizationId === org.orgId)).toBe(true);
    const [same] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from run_tools rt join runs r on r.id = rt.run_id
          where rt.run_id = ${run.id} and rt.created_at = r.created_at and rt.created_at = ${createdAt}::timestamptz`,
    );
    expect(same.n).toBe(2);
    // A run that ends without tool calls has none; a later update (cancel after approval, TTFT) writes none.
    const plain = await newRun();
    await org.caller.runs.update({ runId: plain.id, status: "failed" });
    expect(await runToolsOf(plain.id)).toEqual([]);
    await org.caller.runs.update({ runId: run.id, ttftNs: 1_000 });
    expect(await runToolsOf(run.id)).toHaveLength(2);
  });

  it("uses the given totalDurationNs and completedAt", async ({ org, newRun, metricsOf, agentRow }) => {
    const run = await newRun();
    const completedAt = new Date("2030-05-05T05:05:05.123Z");
    const done = await org.caller.runs.update({
      runId: run.id,
      status: "failed",
      stopReason: "llm_api_error",
      totalDurationNs: 123_456_789,
      completedAt,
    });
    expect(done.completedAt).toEqual(completedAt);
    expect(done.totalDurationNs).toBe(123_456_789);
    expect(done.stopReason).toBe("llm_api_error");
    expect((await metricsOf(run.id)).runNs).toBe(123_456_789);
    expect((await agentRow()).lastStopReason).toBe("llm_api_error");
  });

  it("computes run_ns from the given completedAt when no duration is given", async ({ org, newRun, metricsOf, startedAgo }) => {
    const run = await newRun();
    const start = await startedAgo(run.id, 60_000);
    const completedAt = new Date(start.getTime() + 2_500);
    const done = await org.caller.runs.update({ runId: run.id, status: "completed", completedAt });
    expect(done.totalDurationNs).toBe(2_500_000_000);
    expect((await metricsOf(run.id)).runNs).toBe(2_500_000_000);
  });

  it("does not overwrite a completed_at the run already has", async ({ db, org, newRun }) => {
    const run = await newRun();
    const earlier = new Date("2029-01-01T00:00:00.000Z");
    await db.update(runs).set({ completedAt: earlier }).where(eq(runs.id, run.id));
    const done = await org.caller.runs.update({
      runId: run.id,
      status: "completed",
      completedAt: new Date("2031-01-01T00:00:00Z"),
    });
    expect(done.completedAt).toEqual(earlier);
  });

  it.for([
    ["completed", "end_turn"],
    ["failed", "error"],
    ["cancelled", "cancelled"],
    ["expired", null],
  ] as const)("defaults the stop reason of %s to %s", async ([status, stopReason], { org, newRun, metricsOf }) => {
    const run = await newRun();
    const done = await org.caller.runs.update({ runId: run.id, status });
    expect(done.stopReason).toBe(stopReason);
    expect(done.completedAt).toBeInstanceOf(Date);
    expect((await metricsOf(run.id)).runNs).not.toBeNull();
  });

  it("keeps a stop reason set earlier while the run was open", async ({ org, newRun }) => {
    const run = await newRun();
    await org.caller.runs.update({ runId: run.id, status: "running", stopReason: "max_steps" });
    const done = await org.caller.runs.update({ runId: run.id, status: "completed" });
    expect(done.stopReason).toBe("max_steps");
  });

  it("finalizes once: a later same-status update keeps completed_at and run_ns", async ({ org, newRun, metricsOf }) => {
    const run = await newRun();
    const done = await org.caller.runs.update({ runId: run.id, status: "completed", totalDurationNs: 42 });
    const again = await org.caller.runs.update({ runId: run.id, status: "completed", metadata: { late: true } });
    expect(again.completedAt).toEqual(done.completedAt);
    expect(again.totalDurationNs).toBe(42);
    expect((await metricsOf(run.id)).runNs).toBe(42);
    expect(again.metadata).toEqual({ late: true });
  });

  it("rejects completedAt or totalDurationNs on an update that does not end the run (BAD_REQUEST naming the field)", async ({
    org,
    newRun,
  }) => {
    const run = await newRun();
    await expectTrpcError(
      org.caller.runs.update({ runId: run.id, status: "running", totalDurationNs: 5 }),
      "BAD_REQUEST",
      "totalDurationNs",
    );
    await expectTrpcError(org.caller.runs.update({ runId: run.id, completedAt: new Date() }), "BAD_REQUEST", "completedAt");
    await org.caller.runs.update({ runId: run.id, status: "completed" });
    await expectTrpcError(org.caller.runs.update({ runId: run.id, totalDurationNs: 5 }), "BAD_REQUEST", "totalDurationNs");
    // the failed updates wrote nothing: the run went straight from created to completed
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("completed");
  });
});

describe("metadata", () => {
  it("merges on every update and never overwrites other keys", async ({ org, newRun }) => {
    const run = await newRun({ a: 1, nested: { x: 1 } });
    const r1 = await org.caller.runs.update({ runId: run.id, metadata: { b: 2 } });
    expect(r1.metadata).toEqual({ a: 1, nested: { x: 1 }, b: 2 });
    const r2 = await org.caller.runs.update({ runId: run.id, status: "running" });
    expect(r2.metadata).toEqual({ a: 1, nested: { x: 1 }, b: 2 });
    const r3 = await org.caller.runs.update({ runId: run.id, status: "completed", metadata: { a: 10, result: "ok" } });
    expect(r3.metadata).toEqual({ a: 10, nested: { x: 1 }, b: 2, result: "ok" });
    const r4 = await org.caller.runs.update({ runId: run.id, metadata: {} });
    expect(r4.metadata).toEqual(r3.metadata);
  });

  it("starts from nothing when the run had no metadata", async ({ org, newRun }) => {
    const run = await newRun();
    expect((await org.caller.runs.update({ runId: run.id, metadata: { k: "v" } })).metadata).toEqual({ k: "v" });
  });

  it("refuses a merge whose result would exceed 256 KB (BAD_REQUEST naming metadata, nothing written)", async ({
    db,
    org,
    newRun,
  }) => {
    const run = await newRun({ a: "x".repeat(200 * 1024) });
    const snapshot = await snapshotTables(db);
    await expectTrpcError(
      org.caller.runs.update({ runId: run.id, status: "completed", metadata: { b: "y".repeat(200 * 1024) } }),
      "BAD_REQUEST",
      "metadata",
    );
    expect(await snapshotTables(db)).toEqual(snapshot);
  });
});

describe("status transitions", () => {
  const nonTerminal: RunStatus[] = ["created", "running", "pending"];

  for (const terminal of TERMINAL_RUN_STATUSES) {
    it(`a ${terminal} run cannot become non-terminal or another terminal status (CONFLICT naming ${terminal})`, async ({
      db,
      org,
      newRun,
    }) => {
      const run = await newRun({ keep: 1 });
      await org.caller.runs.update({ runId: run.id, status: terminal });
      const snapshot = await snapshotTables(db);
      for (const next of [...nonTerminal, ...TERMINAL_RUN_STATUSES.filter((s) => s !== terminal)]) {
        const shape = await expectTrpcError(
          org.caller.runs.update({ runId: run.id, status: next, metadata: { changed: true } }),
          "CONFLICT",
        );
        expect(shape.message).toContain(`already ${terminal}`);
        expect(shape.message).toContain(next);
      }
      // one transaction per mutation: the metadata of the refused updates was not merged
      expect(await snapshotTables(db)).toEqual(snapshot);
      expect((await org.caller.runs.get({ runId: run.id })).metadata).toEqual({ keep: 1 });
    });
  }

  it("an open run cannot go back to created", async ({ org, newRun }) => {
    const run = await newRun();
    await org.caller.runs.update({ runId: run.id, status: "running" });
    const shape = await expectTrpcError(org.caller.runs.update({ runId: run.id, status: "created" }), "CONFLICT");
    expect(shape.message).toContain("running");
  });

  it("open statuses move freely between running and pending", async ({ org, newRun }) => {
    const run = await newRun();
    expect((await org.caller.runs.update({ runId: run.id, status: "pending" })).status).toBe("pending");
    expect((await org.caller.runs.update({ runId: run.id, status: "running" })).status).toBe("running");
    expect((await org.caller.runs.get({ runId: run.id })).completedAt).toBeNull();
  });

  it("only a completed run whose stop reason is requires_approval may still be cancelled", async ({ org, newRun, agentRow }) => {
    const waiting = await newRun();
    const completed = await org.caller.runs.update({
      runId: waiting.id,
      status: "completed",
      stopReason: "requires_approval",
      totalDurationNs: 77,
    });
    expect((await agentRow()).lastStopReason).toBe("requires_approval");
    const cancelled = await org.caller.runs.update({ runId: waiting.id, status: "cancelled" });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.stopReason).toBe("cancelled");
    // it was finalized when it completed; cancelling keeps that record
    expect(cancelled.completedAt).toEqual(completed.completedAt);
    expect(cancelled.totalDurationNs).toBe(77);
    expect((await agentRow()).lastStopReason).toBe("cancelled");

    const ended = await newRun();
    await org.caller.runs.update({ runId: ended.id, status: "completed", stopReason: "end_turn" });
    const shape = await expectTrpcError(org.caller.runs.update({ runId: ended.id, status: "cancelled" }), "CONFLICT");
    expect(shape.message).toContain("completed");

    const waiting2 = await newRun();
    await org.caller.runs.update({ runId: waiting2.id, status: "completed", stopReason: "requires_approval" });
    await expectTrpcError(org.caller.runs.update({ runId: waiting2.id, status: "failed" }), "CONFLICT");
    await expectTrpcError(org.caller.runs.update({ runId: waiting2.id, status: "running" }), "CONFLICT");
  });

  it("updating an unknown run is NOT_FOUND naming runId", async ({ org }) => {
    await expectTrpcError(
      org.caller.runs.update({ runId: "run-00000000-0000-4000-8000-000000000000", status: "completed" }),
      "NOT_FOUND",
      "runId",
    );
  });
});

describe("steps.create and the run's status", () => {
  it("moves a created run to running, and a pending one too", async ({ org, newRun }) => {
    const run = await newRun();
    await org.caller.steps.create({ runId: run.id });
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("running");
    const pending = await newRun();
    await org.caller.runs.update({ runId: pending.id, status: "pending" });
    await org.caller.steps.create({ runId: pending.id });
    expect((await org.caller.runs.get({ runId: pending.id })).status).toBe("running");
  });

  it("leaves a running run running", async ({ org, newRun }) => {
    const run = await newRun();
    await org.caller.runs.update({ runId: run.id, status: "running" });
    await org.caller.steps.create({ runId: run.id });
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("running");
  });

  it("refuses steps on a terminal run (CONFLICT naming runId) and writes nothing", async ({ db, org, newRun }) => {
    const run = await newRun();
    await org.caller.runs.update({ runId: run.id, status: "completed" });
    const snapshot = await snapshotTables(db);
    const shape = await expectTrpcError(
      org.caller.steps.create({ runId: run.id, messages: [{ role: "user", content: "late" }] }),
      "CONFLICT",
      "runId",
    );
    expect(shape.message).toContain("completed");
    expect(await snapshotTables(db)).toEqual(snapshot);
  });

  it("refuses an agentId that is not the run's (BAD_REQUEST naming agentId) and leaves the run created", async ({
    org,
    newRun,
  }) => {
    const run = await newRun();
    const other = await org.caller.agents.create({ name: "other" });
    await expectTrpcError(org.caller.steps.create({ runId: run.id, agentId: other.id }), "BAD_REQUEST", "agentId");
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("created");
  });

  it("a step that fails to insert leaves the run created (the status change rolls back with it)", async ({ db, org, newRun }) => {
    const run = await newRun();
    const snapshot = await snapshotTables(db);
    await expectTrpcError(
      org.caller.steps.create({ runId: run.id, promptTokens: 2_000_000_000, completionTokens: 2_000_000_000 }),
      "BAD_REQUEST",
      "totalTokens",
    );
    expect(await snapshotTables(db)).toEqual(snapshot);
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("created");
  });

  it("cancelling a run cancels its pending steps and leaves finished ones", async ({ org, newRun }) => {
    const run = await newRun();
    const pending = await org.caller.steps.create({ runId: run.id, status: "pending" });
    const done = await org.caller.steps.create({ runId: run.id, status: "success" });
    await org.caller.runs.update({ runId: run.id, status: "cancelled" });
    expect((await org.caller.steps.get({ stepId: pending.id })).status).toBe("cancelled");
    expect((await org.caller.steps.get({ stepId: done.id })).status).toBe("success");
  });
});

describe("runs.delete", () => {
  it("hard-deletes the run with its metrics, steps and messages (as Letta's ORM cascade)", async ({ db, org, newRun }) => {
    const run = await newRun();
    const step = await org.caller.steps.create({ runId: run.id, messages: [{ role: "user", content: "hi" }] });
    await org.caller.runs.update({ runId: run.id, status: "completed" });
    const deleted = await org.caller.runs.delete({ runId: run.id });
    expect(deleted.id).toBe(run.id);
    await expectTrpcError(org.caller.runs.get({ runId: run.id }), "NOT_FOUND", "runId");
    await expectTrpcError(org.caller.metrics.run({ runId: run.id }), "NOT_FOUND", "runId");
    expect(await db.select().from(runs).where(eq(runs.id, run.id))).toHaveLength(0);
    expect(await db.select().from(runMetrics).where(eq(runMetrics.id, run.id))).toHaveLength(0);
    expect(await db.select().from(steps).where(eq(steps.id, step.id))).toHaveLength(0);
    await expectTrpcError(org.caller.steps.get({ stepId: step.id }), "NOT_FOUND", "stepId");
    expect(await db.select().from(stepMetrics).where(eq(stepMetrics.id, step.id))).toHaveLength(0);
    expect(await db.select().from(messages).where(eq(messages.stepId, step.id))).toHaveLength(0);
    // deleting again: the run is gone
    await expectTrpcError(org.caller.runs.delete({ runId: run.id }), "NOT_FOUND", "runId");
  });

  it("deleting a run removes its run_tools rows", async ({ org, newRun, runToolsOf, stepCalling }) => {
    const run = await newRun();
    await stepCalling(run.id, "rt_delete_a", "rt_delete_b");
    const kept = await newRun();
    await stepCalling(kept.id, "rt_delete_a");
    await org.caller.runs.update({ runId: run.id, status: "completed" });
    await org.caller.runs.update({ runId: kept.id, status: "completed" });
    expect(await runToolsOf(run.id)).toHaveLength(2);
    await org.caller.runs.delete({ runId: run.id });
    expect(await runToolsOf(run.id)).toEqual([]);
    expect(await runToolsOf(kept.id)).toHaveLength(1);
    const toolId = (await runToolsOf(kept.id))[0].toolId;
    expect((await org.caller.runs.list({ toolsUsed: [toolId] })).items.map((r) => r.id)).toEqual([kept.id]);
  });

  it("deletes an open run too", async ({ org, newRun }) => {
    const run = await newRun();
    await org.caller.runs.delete({ runId: run.id });
    expect((await org.caller.runs.list({ runId: run.id })).items).toHaveLength(0);
  });
});

describe("steps.update", () => {
  it("a finished step cannot change status (CONFLICT), a pending one can finish", async ({ org, newRun }) => {
    const run = await newRun();
    const step = await org.caller.steps.create({ runId: run.id });
    expect((await org.caller.steps.update({ stepId: step.id, status: "success" })).status).toBe("success");
    const shape = await expectTrpcError(org.caller.steps.update({ stepId: step.id, status: "failed" }), "CONFLICT", "status");
    expect(shape.message).toContain("success");
    expect((await org.caller.steps.update({ stepId: step.id, status: "success", errorType: null })).status).toBe("success");
  });
});

describe("concurrent steps and run endings", () => {
  it("a step racing the run's end either lands before it (counted in num_steps and tools_used) or is refused with CONFLICT", async ({
    db,
    org,
    newRun,
    metricsOf,
    stepsOf,
  }) => {
    for (let round = 0; round < 4; round++) {
      const run = await newRun();
      await org.caller.steps.create({ runId: run.id }); // now running: further steps lock it FOR SHARE
      const step = (i: number) =>
        org.caller.steps
          .create({
            runId: run.id,
            messages: [{ role: "assistant", toolCalls: [{ id: `c${i}`, name: `race_tool_${i}`, arguments: "{}" }] }],
          })
          .then(
            () => `race_tool_${i}`,
            (error: unknown) => error,
          );
      // Steps queued before and after the completion in the pool, so some run while it holds the run's lock.
      const early = Array.from({ length: 6 }, (_, i) => step(i));
      const completion = org.caller.runs.update({ runId: run.id, status: "completed" });
      const late = Array.from({ length: 6 }, (_, i) => step(6 + i));
      const [outcomes, done] = await Promise.all([Promise.all([...early, ...late]), completion]);
      const landed = outcomes.filter((o): o is string => typeof o === "string");
      for (const error of outcomes.filter((o) => typeof o !== "string")) {
        expect(error).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe("CONFLICT");
        expect((error as TRPCError).message).toContain("already completed");
      }
      const metrics = await metricsOf(run.id);
      expect(metrics.numSteps).toBe(1 + landed.length);
      expect(await stepsOf(run.id)).toHaveLength(1 + landed.length);
      const tools = await db.query.tools.findMany({ where: (t, { inArray }) => inArray(t.id, metrics.toolsUsed) });
      expect(tools.map((t) => t.name).sort()).toEqual([...landed].sort());
      expect(done.status).toBe("completed");
    }
  });

  it("two runs ending together that call the same new tool both list it (the insert's loser gets the winner's id)", async ({
    db,
    org,
    newRun,
    metricsOf,
    runToolsOf,
    stepCalling,
    waitForLockWaiters,
  }) => {
    for (let round = 0; round < 3; round++) {
      const name = `brand_new_tool_${round}`;
      const [a, b] = [await newRun(), await newRun()];
      await stepCalling(a.id, name, "shared_old_tool");
      await stepCalling(b.id, name);
      // Both completions update the agent last: holding its row lets the first wait there with the new tool inserted
      // and uncommitted, while the second's closing statement starts from a snapshot without it.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = db.transaction(async (tx) => {
        await tx.select().from(agents).where(eq(agents.id, agentId)).for("update");
        locked();
        await released;
      });
      if (TEST_ENGINE === "postgres") await isLocked;
      const ending = [a, b].map((run) => org.caller.runs.update({ runId: run.id, status: "completed" }));
      try {
        if (TEST_ENGINE === "postgres") await waitForLockWaiters(2);
      } finally {
        release();
        await holder;
      }
      await Promise.all(ending);
      const tools = await db.query.tools.findMany({
        where: (t, { and, eq }) => and(eq(t.organizationId, org.orgId), eq(t.name, name)),
      });
      expect(tools).toHaveLength(1);
      expect((await metricsOf(a.id)).toolsUsed).toContain(tools[0].id);
      expect((await metricsOf(a.id)).toolsUsed).toHaveLength(2);
      expect((await metricsOf(b.id)).toolsUsed).toEqual([tools[0].id]);
      expect((await runToolsOf(b.id)).map((r) => r.toolId)).toEqual([tools[0].id]);
      expect((await runToolsOf(a.id)).map((r) => r.toolId).sort()).toEqual([...(await metricsOf(a.id)).toolsUsed].sort());
      const listed = await org.caller.runs.list({ toolsUsed: [tools[0].id] });
      expect(listed.items.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    }
  });

  it("concurrent first steps on a created run all land (the losers of the race to start it retry), and the run is running", async ({
    db,
    org,
    newRun,
    metricsOf,
    stepsOf,
    waitForLockWaiters,
  }) => {
    const run = await newRun();
    // Hold the run locked until the steps wait for it, so they all start from a snapshot where it is created.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.select().from(runs).where(eq(runs.id, run.id)).for("update");
      locked();
      await released;
    });
    if (TEST_ENGINE === "postgres") await isLocked; // PGlite runs one transaction at a time: the steps queue behind it
    // Two steps: with the holder and the poll, they use the test pool's four connections.
    const pending = Array.from({ length: 2 }, () => org.caller.steps.create({ runId: run.id, status: "success" }));
    try {
      if (TEST_ENGINE === "postgres") await waitForLockWaiters(2);
    } finally {
      release();
      await holder;
    }
    const created = await Promise.all(pending);
    expect(new Set(created.map((s) => s.id)).size).toBe(2);
    expect(await stepsOf(run.id)).toHaveLength(2);
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("running");
    const done = await org.caller.runs.update({ runId: run.id, status: "completed" });
    expect(done.status).toBe("completed");
    expect((await metricsOf(run.id)).numSteps).toBe(2);
  });

  it("a refused step writes nothing: an agent that is not the running run's (BAD_REQUEST) or a run of another org (NOT_FOUND)", async ({
    db,
    org,
    other: stranger,
    newRun,
  }) => {
    const run = await newRun();
    await org.caller.steps.create({ runId: run.id });
    const other = await org.caller.agents.create({ name: "not the run's" });
    const snapshot = await snapshotTables(db);
    await expectTrpcError(org.caller.steps.create({ runId: run.id, agentId: other.id }), "BAD_REQUEST", "agentId");
    await expectTrpcError(
      stranger.caller.steps.create({ runId: run.id, messages: [{ role: "user", content: "hi" }] }),
      "NOT_FOUND",
      "runId",
    );
    expect(await snapshotTables(db)).toEqual(snapshot);
  });

  it("histograms equal a rebuild after concurrent completions, failures, cancels and TTFT changes in shared buckets", async ({
    db,
    other,
  }) => {
    const agentIds = [
      (await other.caller.agents.create({ name: "h1", projectId: other.projectId })).id,
      (await other.caller.agents.create({ name: "h2", projectId: other.projectId })).id,
      (await other.caller.agents.create({ name: "h3" })).id,
    ];
    // Few distinct values, so concurrent transactions upsert the same bucket rows (and the same agent rows).
    const durations = [1_000_000_000, 1_010_000_000, 5_000_000_000];
    const ttfts = [300_000_000, 301_000_000, 900_000_000];
    const ended = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const run = await other.caller.runs.create({ agentId: agentIds[i % 3] });
        if (i % 4 === 1) await other.caller.steps.create({ runId: run.id });
        const ending = i % 6;
        if (ending < 3) {
          await other.caller.runs.update({
            runId: run.id,
            status: "completed",
            totalDurationNs: durations[i % 3],
            ttftNs: ttfts[(i + 1) % 3],
          });
        } else if (ending === 3) {
          await other.caller.runs.update({ runId: run.id, status: "failed", totalDurationNs: durations[(i + 2) % 3] });
          await other.caller.runs.update({ runId: run.id, ttftNs: ttfts[i % 3] }); // TTFT after the end
        } else if (ending === 4) {
          await other.caller.runs.cancel({ runId: run.id });
        } else {
          await other.caller.runs.update({ runId: run.id, ttftNs: ttfts[2] }); // TTFT while open, then moved by the end
          await other.caller.runs.update({ runId: run.id, status: "completed", ttftNs: ttfts[0], totalDurationNs: durations[0] });
        }
        return run.id;
      }),
    );
    expect(ended).toHaveLength(24);
    const incremental = await histogramRows(db, other.orgId);
    await rebuildHistograms(db, { orgId: other.orgId });
    expect(incremental).toEqual(await histogramRows(db, other.orgId));
    expect(incremental.length).toBeGreaterThan(0);
    // Each ended run's metrics were finalized once, with the steps it had.
    const finalized = await db.select().from(runMetrics).where(eq(runMetrics.organizationId, other.orgId));
    expect(finalized.filter((m) => m.runNs === null)).toEqual([]);
    expect(finalized.reduce((n, m) => n + m.numSteps, 0)).toBe(6);
  });
});
