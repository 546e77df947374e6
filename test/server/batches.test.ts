import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { callbackDeliveries, runs } from "@/db/schema";
import { newId } from "@/server/ids";
import { expectTrpcError, snapshotTables } from "@/test/helpers/assertions";
import { it as base } from "@/test/helpers/test";

const it = base.extend(
  "batchOf",
  { scope: "file" },
  async ({ org }) =>
    (batchId: string) =>
      org.caller.batches.get({ batchId }),
);

let agentA: string;
let agentB: string;

it.beforeAll(async ({ org }) => {
  agentA = (await org.caller.agents.create({ name: "batch-a", projectId: org.projectId })).id;
  agentB = (await org.caller.agents.create({ name: "batch-b" })).id;
});

describe("batches.create", () => {
  it("creates the batch and one created run per request, in one go", async ({ org }) => {
    const batch = await org.caller.batches.create({
      requests: [{ agentId: agentA, metadata: { n: 1 } }, { agentId: agentB, conversationId: "conv" }, { agentId: agentA }],
      metadata: { purpose: "test" },
    });
    expect(batch).toMatchObject({ status: "running", requestCount: 3, completedCount: 0, failedCount: 0, cancelledCount: 0 });
    expect(batch.metadata).toEqual({ purpose: "test" });
    expect(batch.runs).toHaveLength(3);
    expect(batch.runs.map((r) => r.agentId)).toEqual([agentA, agentB, agentA]);
    expect(batch.runs.every((r) => r.batchId === batch.id && r.status === "created")).toBe(true);
    expect(batch.runs[0].projectId).toBe(org.projectId);
    expect(batch.runs[1].projectId).toBeNull();
    expect(batch.runs[0].metadata).toEqual({ n: 1 });
    // each run has its metrics row, so it shows in runs.list
    const listed = await org.caller.runs.list({ agentIds: [agentA, agentB], conversationId: "conv" });
    expect(listed.items.map((r) => r.id)).toEqual([batch.runs[1].id]);
  });

  it("writes nothing when a request names an unknown agent (NOT_FOUND naming requests.N.agentId)", async ({ database, org }) => {
    const snapshot = await snapshotTables(database.db);
    await expectTrpcError(
      org.caller.batches.create({ requests: [{ agentId: agentA }, { agentId: newId("agent") }] }),
      "NOT_FOUND",
      "requests.1.agentId",
    );
    expect(await snapshotTables(database.db)).toEqual(snapshot);
  });
});

describe("batch counts follow their runs", () => {
  it("counts completed, failed and cancelled runs and completes when all runs are terminal", async ({ org, batchOf }) => {
    const batch = await org.caller.batches.create({
      requests: [{ agentId: agentA }, { agentId: agentA }, { agentId: agentB }, { agentId: agentB }],
    });
    const [r1, r2, r3, r4] = batch.runs.map((r) => r.id);

    await org.caller.steps.create({ runId: r1 });
    expect(await batchOf(batch.id)).toMatchObject({ status: "running", completedCount: 0 });

    await org.caller.runs.update({ runId: r1, status: "completed" });
    expect(await batchOf(batch.id)).toMatchObject({
      status: "running",
      completedCount: 1,
      failedCount: 0,
      cancelledCount: 0,
      completedAt: null,
    });

    await org.caller.runs.update({ runId: r2, status: "failed" });
    expect(await batchOf(batch.id)).toMatchObject({ status: "running", completedCount: 1, failedCount: 1, cancelledCount: 0 });

    await org.caller.runs.cancel({ runId: r3 });
    expect(await batchOf(batch.id)).toMatchObject({ status: "running", completedCount: 1, failedCount: 1, cancelledCount: 1 });

    // a metadata-only update of an open run changes nothing
    await org.caller.runs.update({ runId: r4, metadata: { x: 1 } });
    expect((await batchOf(batch.id)).status).toBe("running");

    await org.caller.runs.update({ runId: r4, status: "expired" });
    const done = await batchOf(batch.id);
    expect(done).toMatchObject({ status: "completed", completedCount: 1, failedCount: 2, cancelledCount: 1 });
    expect(done.completedAt).toBeInstanceOf(Date);

    // idempotent cancels of finished runs do not move the counts
    await org.caller.runs.cancel({ runIds: [r1, r2, r3, r4] });
    expect(await batchOf(batch.id)).toEqual(done);
  });

  it("moves a completed-awaiting-approval run from completed to cancelled when it is cancelled", async ({ org, batchOf }) => {
    const batch = await org.caller.batches.create({ requests: [{ agentId: agentA }, { agentId: agentA }] });
    const [r1, r2] = batch.runs.map((r) => r.id);
    await org.caller.runs.update({ runId: r1, status: "completed", stopReason: "requires_approval" });
    await org.caller.runs.update({ runId: r2, status: "completed" });
    const completed = await batchOf(batch.id);
    expect(completed).toMatchObject({ status: "completed", completedCount: 2, cancelledCount: 0 });
    await org.caller.runs.cancel({ runId: r1 });
    const after = await batchOf(batch.id);
    expect(after).toMatchObject({ status: "completed", completedCount: 1, cancelledCount: 1 });
    expect(after.completedAt).toEqual(completed.completedAt);
  });

  it("recounts when a run of the batch is deleted (a batch whose only open run is deleted completes)", async ({
    database,
    org,
    batchOf,
  }) => {
    const batch = await org.caller.batches.create({ requests: [{ agentId: agentA }, { agentId: agentB }, { agentId: agentB }] });
    const [r1, r2, r3] = batch.runs.map((r) => r.id);
    await org.caller.runs.update({ runId: r1, status: "completed" });
    await org.caller.runs.update({ runId: r2, status: "completed" });
    await org.caller.runs.delete({ runId: r2 });
    expect(await batchOf(batch.id)).toMatchObject({ status: "running", completedCount: 1 });
    await org.caller.runs.delete({ runId: r3 });
    expect(await batchOf(batch.id)).toMatchObject({ status: "completed", completedCount: 1 });
    expect(await database.db.select().from(runs).where(eq(runs.batchId, batch.id))).toHaveLength(1);
  });

  it("cancelling by agent updates every batch the runs belong to", async ({ org, batchOf }) => {
    const agent = (await org.caller.agents.create({ name: "batch-cancel" })).id;
    const b1 = await org.caller.batches.create({ requests: [{ agentId: agent }, { agentId: agentA }] });
    const b2 = await org.caller.batches.create({ requests: [{ agentId: agent }] });
    await org.caller.runs.cancel({ agentId: agent });
    expect(await batchOf(b1.id)).toMatchObject({ status: "running", cancelledCount: 1 });
    expect(await batchOf(b2.id)).toMatchObject({ status: "completed", cancelledCount: 1 });
  });
});

describe("a batch whose runs all end at the same moment", () => {
  // On Postgres the runs' transactions really overlap (each recount must see the others' committed runs); on PGlite
  // they run one after the other.
  it("ends completed with exactly one batch.finished delivery, round after round", async ({ db, org, batchOf }) => {
    for (let round = 0; round < 10; round++) {
      const batch = await org.caller.batches.create({
        requests: Array.from({ length: 4 }, () => ({ agentId: agentA })),
        callbackUrl: `https://example.com/batch-${round}`,
      });
      await Promise.all(batch.runs.map((r) => org.caller.runs.update({ runId: r.id, status: "completed" })));
      expect(await batchOf(batch.id)).toMatchObject({ status: "completed", completedCount: 4 });
      const deliveries = await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.subjectId, batch.id));
      expect(deliveries.map((d) => d.event)).toEqual(["batch.finished"]);
    }
  });
});

describe("batches.get and batches.list", () => {
  it("pages the org's batches newest first with cursors", async ({ org }) => {
    const all = (await org.caller.batches.list({})).items;
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await org.caller.batches.list({ limit: 2, after });
      seen.push(...page.items.map((b) => b.id));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(all.map((b) => b.id));
    const times = all.map((b) => b.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const ascending = (await org.caller.batches.list({ ascending: true })).items.map((b) => b.id);
    expect(ascending).toEqual([...seen].reverse());
  });

  it("unknown batch is NOT_FOUND naming batchId; unknown cursor BAD_REQUEST naming after", async ({ org }) => {
    await expectTrpcError(org.caller.batches.get({ batchId: newId("batch") }), "NOT_FOUND", "batchId");
    await expectTrpcError(org.caller.batches.list({ after: newId("batch") }), "BAD_REQUEST", "after");
  });
});
