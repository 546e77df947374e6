import { describe, expect } from "vitest";
import { newId } from "@/server/ids";
import { DENIAL_REASON } from "@/server/modules/runs";
import { expectTrpcError, snapshotTables } from "@/test/helpers/assertions";
import { it as base } from "@/test/helpers/test";

let agentId: string;

const it = base
  .extend(
    "newRun",
    { scope: "file" },
    async ({ org }) =>
      (agent = agentId) =>
        org.caller.runs.create({ agentId: agent }),
  )
  .extend(
    "get",
    { scope: "file" },
    async ({ org }) =>
      (runId: string) =>
        org.caller.runs.get({ runId }),
  )
  /** A run that completed waiting on approval of `calls` (the approval request has no tool returns). */
  .extend("awaitingApproval", { scope: "file" }, async ({ org, newRun }) => {
    return async (calls: string[], answered: string[] = [], agent = agentId) => {
      const run = await newRun(agent);
      await org.caller.steps.create({
        runId: run.id,
        status: "success",
        messages: [
          { role: "user", content: "do it" },
          { role: "approval", toolCalls: calls.map((id) => ({ id, name: `tool_${id}`, arguments: "{}" })) },
          ...answered.map((id) => ({
            role: "tool" as const,
            toolReturns: [{ tool_call_id: id, status: "success" as const, func_response: "done" }],
          })),
        ],
      });
      await org.caller.runs.update({ runId: run.id, status: "completed", stopReason: "requires_approval" });
      return run;
    };
  });

it.beforeAll(async ({ org }) => {
  agentId = (await org.caller.agents.create({ name: "cancel-agent" })).id;
});

describe("runs.cancel by runId", () => {
  it("cancels an open run: status, stop reason, completion, pending steps", async ({ org, newRun, get }) => {
    const run = await newRun();
    const pending = await org.caller.steps.create({ runId: run.id, status: "pending" });
    const receipt = await org.caller.runs.cancel({ runId: run.id });
    expect(receipt).toEqual({
      results: [{ runId: run.id, outcome: "cancelled", status: "cancelled" }],
      cancelled: 1,
      alreadyTerminal: 0,
      notFound: 0,
    });
    const after = await get(run.id);
    expect(after).toMatchObject({ status: "cancelled", stopReason: "cancelled" });
    expect(after.completedAt).toBeInstanceOf(Date);
    expect(after.totalDurationNs).not.toBeNull();
    expect((await org.caller.metrics.run({ runId: run.id })).numSteps).toBe(1);
    expect((await org.caller.steps.get({ stepId: pending.id })).status).toBe("cancelled");
    expect((await org.caller.agents.get({ agentId })).lastStopReason).toBe("cancelled");
  });

  it("is idempotent: a second call reports already_terminal and writes nothing", async ({ db, org, newRun, get }) => {
    const run = await newRun();
    await org.caller.runs.cancel({ runId: run.id });
    const first = await get(run.id);
    const snapshot = await snapshotTables(db);
    const again = await org.caller.runs.cancel({ runId: run.id });
    expect(again).toEqual({
      results: [{ runId: run.id, outcome: "already_terminal", status: "cancelled" }],
      cancelled: 0,
      alreadyTerminal: 1,
      notFound: 0,
    });
    expect(await snapshotTables(db)).toEqual(snapshot);
    expect(await get(run.id)).toEqual(first);
  });

  it.for(["completed", "failed", "expired"] as const)(
    "leaves a %s run alone (already_terminal)",
    async (status, { org, newRun, get }) => {
      const run = await newRun();
      await org.caller.runs.update({ runId: run.id, status });
      const before = await get(run.id);
      const receipt = await org.caller.runs.cancel({ runId: run.id });
      expect(receipt.results).toEqual([{ runId: run.id, outcome: "already_terminal", status }]);
      expect(await get(run.id)).toEqual(before);
    },
  );

  it("an unknown run is NOT_FOUND naming runId", async ({ org }) => {
    await expectTrpcError(org.caller.runs.cancel({ runId: newId("run") }), "NOT_FOUND", "runId");
  });
});

describe("runs.cancel by runIds", () => {
  it("reports each run in the order given, once per id", async ({ org, newRun, get }) => {
    const open = await newRun();
    const done = await newRun();
    await org.caller.runs.update({ runId: done.id, status: "completed" });
    const running = await newRun();
    await org.caller.steps.create({ runId: running.id });
    const receipt = await org.caller.runs.cancel({ runIds: [running.id, done.id, open.id, running.id] });
    expect(receipt.results).toEqual([
      { runId: running.id, outcome: "cancelled", status: "cancelled" },
      { runId: done.id, outcome: "already_terminal", status: "completed" },
      { runId: open.id, outcome: "cancelled", status: "cancelled" },
    ]);
    expect(receipt).toMatchObject({ cancelled: 2, alreadyTerminal: 1 });
    expect((await get(open.id)).status).toBe("cancelled");
    expect((await get(running.id)).status).toBe("cancelled");
  });

  it("reports an unknown or another organization's id as not_found and cancels the rest", async ({ org, other, newRun, get }) => {
    const a = await newRun();
    const b = await newRun();
    const theirAgent = await other.caller.agents.create({ name: "theirs" });
    const theirs = await other.caller.runs.create({ agentId: theirAgent.id });
    const unknown = newId("run");
    const receipt = await org.caller.runs.cancel({ runIds: [a.id, unknown, theirs.id, b.id] });
    expect(receipt).toEqual({
      results: [
        { runId: a.id, outcome: "cancelled", status: "cancelled" },
        { runId: unknown, outcome: "not_found", status: null },
        { runId: theirs.id, outcome: "not_found", status: null },
        { runId: b.id, outcome: "cancelled", status: "cancelled" },
      ],
      cancelled: 2,
      alreadyTerminal: 0,
      notFound: 2,
    });
    expect((await get(a.id)).status).toBe("cancelled");
    expect((await other.caller.runs.get({ runId: theirs.id })).status).toBe("created");
  });
});

describe("runs.cancel by agentId", () => {
  it("cancels the agent's open runs and its runs awaiting approval, and nothing else", async ({
    org,
    newRun,
    get,
    awaitingApproval,
  }) => {
    const agent = (await org.caller.agents.create({ name: "bulk" })).id;
    const bystander = (await org.caller.agents.create({ name: "bystander" })).id;
    const created = await newRun(agent);
    const running = await newRun(agent);
    await org.caller.runs.update({ runId: running.id, status: "running" });
    const pending = await newRun(agent);
    await org.caller.runs.update({ runId: pending.id, status: "pending" });
    const waiting = await awaitingApproval(["a1"], [], agent);
    const done = await newRun(agent);
    await org.caller.runs.update({ runId: done.id, status: "completed" });
    const failed = await newRun(agent);
    await org.caller.runs.update({ runId: failed.id, status: "failed" });
    const other = await newRun(bystander);

    const receipt = await org.caller.runs.cancel({ agentId: agent });
    expect(receipt.results.map((r) => r.runId).sort()).toEqual([created.id, running.id, pending.id, waiting.id].sort());
    expect(receipt.results.every((r) => r.outcome === "cancelled" && r.status === "cancelled")).toBe(true);
    expect(receipt).toMatchObject({ cancelled: 4, alreadyTerminal: 0 });
    expect((await get(done.id)).status).toBe("completed");
    expect((await get(failed.id)).status).toBe("failed");
    expect((await get(other.id)).status).toBe("created");

    const again = await org.caller.runs.cancel({ agentId: agent });
    expect(again).toEqual({ results: [], cancelled: 0, alreadyTerminal: 0, notFound: 0 });
  });

  it("an unknown agent is NOT_FOUND naming agentId", async ({ org }) => {
    await expectTrpcError(org.caller.runs.cancel({ agentId: newId("agent") }), "NOT_FOUND", "agentId");
  });
});

describe("cancelling a run that waits on approval", () => {
  it("appends a denial tool return for every pending tool call", async ({ org, get, awaitingApproval }) => {
    const run = await awaitingApproval(["call_a", "call_b", "call_c"], ["call_b"]);
    const completed = await get(run.id);
    const receipt = await org.caller.runs.cancel({ runId: run.id });
    expect(receipt.results).toEqual([{ runId: run.id, outcome: "cancelled", status: "cancelled" }]);
    const after = await get(run.id);
    expect(after).toMatchObject({ status: "cancelled", stopReason: "cancelled" });
    expect(after.completedAt).toEqual(completed.completedAt);

    const history = (await org.caller.runs.messages({ runId: run.id })).items;
    const returns = history.filter((m) => m.messageType === "tool_return_message");
    const denials = returns.filter((m) => m.toolReturn === DENIAL_REASON);
    expect(denials.map((m) => m.toolCallId).sort()).toEqual(["call_a", "call_c"]);
    expect(denials.every((m) => m.status === "error")).toBe(true);
    // the answered call keeps its own return and gets no denial
    expect(returns.filter((m) => m.toolCallId === "call_b").map((m) => m.toolReturn)).toEqual(["done"]);
    // denials come after the approval request in the run's history
    const requestIndex = history.findIndex((m) => m.messageType === "approval_request_message");
    expect(history.findIndex((m) => m.toolReturn === DENIAL_REASON)).toBeGreaterThan(requestIndex);
    expect((await org.caller.agents.get({ agentId })).lastStopReason).toBe("cancelled");
  });

  it("denies once: cancelling again adds no messages", async ({ db, org, awaitingApproval }) => {
    const run = await awaitingApproval(["x1", "x2"]);
    await org.caller.runs.cancel({ runId: run.id });
    const count = (await org.caller.runs.messages({ runId: run.id })).items.length;
    const snapshot = await snapshotTables(db);
    const again = await org.caller.runs.cancel({ runIds: [run.id] });
    expect(again.results).toEqual([{ runId: run.id, outcome: "already_terminal", status: "cancelled" }]);
    expect((await org.caller.runs.messages({ runId: run.id })).items).toHaveLength(count);
    expect(await snapshotTables(db)).toEqual(snapshot);
  });

  it("runs.update to cancelled denies the pending calls too", async ({ org, awaitingApproval }) => {
    const run = await awaitingApproval(["u1"]);
    await org.caller.runs.update({ runId: run.id, status: "cancelled" });
    const denials = (await org.caller.runs.messages({ runId: run.id })).items.filter((m) => m.toolReturn === DENIAL_REASON);
    expect(denials.map((m) => m.toolCallId)).toEqual(["u1"]);
  });

  it("adds no denial when every call was already answered", async ({ org, get, awaitingApproval }) => {
    const run = await awaitingApproval(["d1"], ["d1"]);
    await org.caller.runs.cancel({ runId: run.id });
    const items = (await org.caller.runs.messages({ runId: run.id })).items;
    expect(items.some((m) => m.toolReturn === DENIAL_REASON)).toBe(false);
    expect((await get(run.id)).status).toBe("cancelled");
  });

  it("does not deny tool calls of an ordinary open run", async ({ org, newRun }) => {
    const run = await newRun();
    await org.caller.steps.create({
      runId: run.id,
      messages: [{ role: "assistant", toolCalls: [{ id: "o1", name: "slow_tool", arguments: "{}" }] }],
    });
    await org.caller.runs.cancel({ runId: run.id });
    const items = (await org.caller.runs.messages({ runId: run.id })).items;
    expect(items.some((m) => m.toolReturn === DENIAL_REASON)).toBe(false);
  });
});
