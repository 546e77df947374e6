/** Client-supplied ids (executors and importers keep Letta's ids): runs.create, steps.create and batch requests. */
import { describe, expect } from "vitest";
import { newId } from "@/server/ids";
import { expectTrpcError, snapshotTables } from "@/test/helpers/assertions";
import { it } from "@/test/helpers/test";

let agentId: string;
let theirAgentId: string;

it.beforeAll(async ({ org, other }) => {
  agentId = (await org.caller.agents.create({ name: "importer" })).id;
  theirAgentId = (await other.caller.agents.create({ name: "theirs" })).id;
});

describe("runs.create with an id", () => {
  it("keeps the given run id", async ({ org }) => {
    const id = newId("run");
    expect((await org.caller.runs.create({ agentId, id })).id).toBe(id);
    expect((await org.caller.runs.get({ runId: id })).agentId).toBe(agentId);
    expect((await org.caller.metrics.run({ runId: id })).numSteps).toBe(0);
  });

  it("refuses a malformed id (BAD_REQUEST naming id)", async ({ org }) => {
    for (const id of ["run-123", newId("step"), "RUN-00000000-0000-4000-8000-000000000000"])
      await expectTrpcError(org.caller.runs.create({ agentId, id }), "BAD_REQUEST", "id");
  });

  it("answers CONFLICT for a taken id, its own org's or another's alike, and writes nothing", async ({ db, org, other }) => {
    const mine = (await org.caller.runs.create({ agentId })).id;
    const theirs = (await other.caller.runs.create({ agentId: theirAgentId })).id;
    const before = await snapshotTables(db);
    const own = await expectTrpcError(org.caller.runs.create({ agentId, id: mine }), "CONFLICT", "id");
    const foreign = await expectTrpcError(org.caller.runs.create({ agentId, id: theirs }), "CONFLICT", "id");
    expect(own.message).toBe("id: already taken");
    expect(foreign.message).toBe("id: already taken");
    expect(await snapshotTables(db)).toEqual(before);
  });
});

describe("steps.create with an id", () => {
  it("keeps the given step id, with its metrics and messages", async ({ org }) => {
    const run = await org.caller.runs.create({ agentId });
    const id = newId("step");
    const step = await org.caller.steps.create({ runId: run.id, id, messages: [{ role: "user", content: "hi" }] });
    expect(step.id).toBe(id);
    expect((await org.caller.steps.get({ stepId: id })).runId).toBe(run.id);
    expect((await org.caller.runs.messages({ runId: run.id })).items[0].stepId).toBe(id);
    const agentStep = newId("step");
    expect((await org.caller.steps.create({ agentId, id: agentStep })).id).toBe(agentStep);
  });

  it("refuses a malformed id (BAD_REQUEST naming id)", async ({ org }) => {
    await expectTrpcError(org.caller.steps.create({ agentId, id: newId("run") }), "BAD_REQUEST", "id");
  });

  it("answers CONFLICT for a taken id and leaves the run as it was (not started, no message)", async ({ db, org, other }) => {
    const done = await org.caller.runs.create({ agentId });
    const mine = (await org.caller.steps.create({ runId: done.id })).id;
    const theirRun = await other.caller.runs.create({ agentId: theirAgentId });
    const theirs = (await other.caller.steps.create({ runId: theirRun.id })).id;
    const created = await org.caller.runs.create({ agentId });
    const running = await org.caller.runs.create({ agentId });
    await org.caller.steps.create({ runId: running.id });
    const before = await snapshotTables(db);
    for (const id of [mine, theirs])
      for (const input of [
        { runId: created.id }, // the statement that also starts the run
        { runId: running.id },
        { agentId },
      ]) {
        const shape = await expectTrpcError(
          org.caller.steps.create({ ...input, id, messages: [{ role: "assistant", toolCalls: [{ id: "c", name: "t" }] }] }),
          "CONFLICT",
          "id",
        );
        expect(shape.message).toBe("id: already taken");
      }
    expect(await snapshotTables(db)).toEqual(before);
    expect((await org.caller.runs.get({ runId: created.id })).status).toBe("created");
  });
});

describe("batch requests with ids", () => {
  it("keep their ids; a repeated or taken id fails the whole batch, naming the request", async ({ db, org }) => {
    const [a, b] = [newId("run"), newId("run")];
    const batch = await org.caller.batches.create({ requests: [{ agentId, id: a }, { agentId }, { agentId, id: b }] });
    expect(batch.runs.map((r) => r.id)).toEqual([a, expect.any(String), b]);
    const before = await snapshotTables(db);
    await expectTrpcError(
      org.caller.batches.create({ requests: [{ agentId }, { agentId, id: a }] }),
      "CONFLICT",
      "requests.1.id",
    );
    const c = newId("run");
    await expectTrpcError(
      org.caller.batches.create({
        requests: [
          { agentId, id: c },
          { agentId, id: c },
        ],
      }),
      "BAD_REQUEST",
      "requests.1.id",
    );
    expect(await snapshotTables(db)).toEqual(before);
  });
});
