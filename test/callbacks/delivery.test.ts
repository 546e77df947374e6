import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect } from "vitest";
import { callbackDeliveries } from "@/db/schema";
import { postCallback } from "@/server/modules/callbacks/transport";
import { it as base } from "@/test/helpers/test";
import { closedPort, deliveryRow, insertDeliveries, receiverFixture, TEST_POLICY, testClock, testWorker } from "./helpers";

let agentId: string;

const it = base
  .extend("receiver", { scope: "file" }, receiverFixture({ slowMs: 1500 }))
  // A listener on 127.0.0.2: loopback but not allow-listed, so nothing may ever reach it.
  .extend("listener2", { scope: "file" }, receiverFixture({ host: "127.0.0.2" }))
  .extend("finishedRun", { scope: "file" }, async ({ org }) => {
    return async (callbackUrl: string | undefined, status: "completed" | "failed" | "cancelled" = "completed") => {
      const run = await org.caller.runs.create({ agentId, callbackUrl, metadata: { ticket: 42 } });
      await org.caller.steps.create({
        runId: run.id,
        model: "gpt-4o",
        promptTokens: 10,
        completionTokens: 5,
        status: "success",
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "hello", toolCalls: [{ id: "call_1", name: "search", arguments: "{}" }] },
        ],
      });
      await org.caller.runs.update({ runId: run.id, status });
      return run;
    };
  })
  .extend("deliveryOf", { scope: "file" }, async ({ org }) => async (runId: string) => {
    const page = await org.caller.callbacks.deliveries({ runId, includeBody: true });
    expect(page.items).toHaveLength(1);
    return page.items[0];
  });

it.beforeAll(async ({ org }) => {
  agentId = (await org.caller.agents.create({ name: "callback-agent" })).id;
});

describe("dispatch: the outbox row commits with the terminal status", () => {
  it("enqueues exactly one delivery with Letta's payload when a run with a callback_url ends", async ({
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const run = await finishedRun(`${receiver.url}/ok`);
    const delivery = await deliveryOf(run.id);
    expect(delivery).toMatchObject({ status: "pending", event: "run.finished", url: `${receiver.url}/ok`, attemptCount: 0 });
    const body = JSON.parse(delivery.body!);
    expect(body).toMatchObject({ run_id: run.id, status: "completed", metadata: { ticket: 42 } });
    expect(Date.parse(body.completed_at)).not.toBeNaN();
    expect(body.metadata.result.stop_reason).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });
    expect(body.metadata.result.usage).toMatchObject({
      message_type: "usage_statistics",
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      step_count: 1,
    });
    expect(body.metadata.result.messages.map((m: { message_type: string }) => m.message_type)).toEqual([
      "user_message",
      "assistant_message",
      "tool_call_message",
    ]);
    expect(body.metadata.result.messages[2].tool_call).toEqual({ name: "search", arguments: "{}", tool_call_id: "call_1" });
  });

  it("enqueues nothing without a callback_url, before the run ends, or on a second terminal update", async ({
    org,
    receiver,
    finishedRun,
  }) => {
    const plain = await finishedRun(undefined);
    expect((await org.caller.callbacks.deliveries({ runId: plain.id })).items).toHaveLength(0);
    const open = await org.caller.runs.create({ agentId, callbackUrl: `${receiver.url}/ok` });
    await org.caller.runs.update({ runId: open.id, status: "running" });
    expect((await org.caller.callbacks.deliveries({ runId: open.id })).items).toHaveLength(0);
    // Completed awaiting approval, then cancelled: two terminal updates, one delivery.
    await org.caller.runs.update({ runId: open.id, status: "completed", stopReason: "requires_approval" });
    await org.caller.runs.update({ runId: open.id, status: "cancelled" });
    await expect(org.caller.runs.update({ runId: open.id, status: "failed" })).rejects.toThrow(/already/);
    expect((await org.caller.callbacks.deliveries({ runId: open.id })).items).toHaveLength(1);
  });

  it("a batch enqueues its own delivery once, when it completes", async ({ org, receiver }) => {
    const batch = await org.caller.batches.create({
      callbackUrl: `${receiver.url}/ok`,
      requests: [{ agentId }, { agentId }],
    });
    const [a, b] = batch.runs;
    await org.caller.runs.update({ runId: a.id, status: "completed" });
    expect((await org.caller.callbacks.deliveries({ batchId: batch.id })).items).toHaveLength(0);
    await org.caller.runs.update({ runId: b.id, status: "failed" });
    const page = await org.caller.callbacks.deliveries({ batchId: batch.id, includeBody: true });
    expect(page.items).toHaveLength(1);
    expect(JSON.parse(page.items[0].body!)).toMatchObject({
      batch_id: batch.id,
      status: "completed",
      metadata: { result: { request_count: 2, completed_count: 1, failed_count: 1 } },
    });
    await org.caller.runs.delete({ runId: a.id }); // recounts the batch: still done, still one delivery
    expect((await org.caller.callbacks.deliveries({ batchId: batch.id })).items).toHaveLength(1);
  });
});

describe("the worker against a local receiver (real HTTP on 127.0.0.1, injectable clock)", () => {
  it("2xx: delivered, signed per Standard Webhooks, logged, and mirrored on the run", async ({
    db,
    org,
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const run = await finishedRun(`${receiver.url}/ok`);
    const { id } = await deliveryOf(run.id);
    const t = testClock();
    const worker = testWorker(db, { clock: t.clock });
    const records = await worker.runOnce(100);
    expect(records.some((r) => r.outcome === "delivered")).toBe(true);
    const request = receiver.requests.findLast((r) => r.headers["webhook-id"] === id)!;
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["webhook-timestamp"]).toBe(String(Math.floor(t.now().getTime() / 1000)));
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    const { secret } = await org.caller.callbacks.signingSecret();
    expect(secret).toMatch(/^whsec_/);
    const verified = new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    expect(verified).toMatchObject({ run_id: run.id });
    expect(() =>
      new Webhook(secret).verify(request.body.replace("completed", "failed"), request.headers as Record<string, string>),
    ).toThrow();

    const row = await deliveryRow(db, id);
    expect(row).toMatchObject({ status: "delivered", attemptCount: 1, lastStatusCode: 200, lastError: null });
    const attempts = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      attemptNumber: 1,
      outcome: "delivered",
      statusCode: 200,
      responseBody: '{"ok":true}',
      nextAttemptAt: null,
    });
    expect(attempts[0].durationMs).toBeGreaterThanOrEqual(0);
    const mirrored = await org.caller.runs.get({ runId: run.id });
    expect(mirrored).toMatchObject({ callbackStatusCode: 200, callbackError: null });
    expect(mirrored.callbackSentAt?.getTime()).toBe(t.now().getTime());
  });

  it("500: a failed attempt, retried on the schedule until the eighth failure, then failed", async ({
    db,
    org,
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const run = await finishedRun(`${receiver.url}/fail`);
    const { id } = await deliveryOf(run.id);
    const t = testClock();
    const worker = testWorker(db, { clock: t.clock, random: () => 0.5 });
    const delays = [5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6];
    for (let i = 0; i < 8; i++) {
      const attemptAt = t.now();
      const records = await worker.runOnce(100);
      expect(records.filter((r) => r.deliveryId === id)).toHaveLength(1);
      const row = await deliveryRow(db, id);
      expect(row.attemptCount).toBe(i + 1);
      expect(row.lastStatusCode).toBe(500);
      if (i < 7) {
        expect(row.status).toBe("pending");
        expect(row.nextAttemptAt.getTime() - attemptAt.getTime()).toBe(delays[i]);
        // Not due a millisecond early.
        t.set(new Date(row.nextAttemptAt.getTime() - 1));
        expect((await worker.runOnce(100)).filter((r) => r.deliveryId === id)).toHaveLength(0);
        expect((await deliveryRow(db, id)).attemptCount).toBe(i + 1);
        t.set(row.nextAttemptAt);
      } else {
        expect(row.status).toBe("failed");
      }
    }
    const attempts = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempts.map((a) => a.statusCode)).toEqual(Array(8).fill(500));
    expect(attempts[0]).toMatchObject({ outcome: "failed", error: "HTTP 500", responseBody: "internal error at the receiver" });
    expect(attempts[7].nextAttemptAt).toBeNull();
    const requests = receiver.requests.filter((r) => r.headers["webhook-id"] === id);
    expect(requests).toHaveLength(8);
    // The webhook-id is stable across retries and the body is the same bytes each time.
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect((await org.caller.runs.get({ runId: run.id })).callbackError).toBe("HTTP 500");
  });

  it("302: a failure, the redirect is not followed", async ({ db, org, receiver, finishedRun, deliveryOf }) => {
    const run = await finishedRun(`${receiver.url}/redirect`);
    const { id } = await deliveryOf(run.id);
    const before = receiver.requests.length;
    const t = testClock();
    await testWorker(db, { clock: t.clock }).runOnce(100);
    const [attempt] = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempt).toMatchObject({ outcome: "failed", statusCode: 302 });
    expect(attempt.error).toMatch(/redirect to \/ok not followed/);
    expect(receiver.requests.slice(before).map((r) => r.path)).toEqual(["/redirect"]);
    const row = await deliveryRow(db, id);
    expect(row.status).toBe("pending");
    const delay = row.nextAttemptAt.getTime() - t.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(4000);
    expect(delay).toBeLessThanOrEqual(6000);
  });

  it("a response slower than the timeout (300 ms here) is a failed attempt", async ({
    db,
    org,
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const run = await finishedRun(`${receiver.url}/slow`);
    const { id } = await deliveryOf(run.id);
    await testWorker(db, { clock: testClock().clock, timeoutMs: 300 }).runOnce(100);
    const [attempt] = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempt).toMatchObject({ outcome: "failed", statusCode: null });
    expect(attempt.error).toMatch(/timeout.*300 ms/);
    expect(attempt.durationMs).toBeGreaterThanOrEqual(290);
    expect(attempt.durationMs).toBeLessThan(1400);
    expect((await deliveryRow(db, id)).status).toBe("pending");
  });

  it("a socket closed without an answer, and a port where nothing listens, are failed attempts", async ({
    db,
    org,
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const closed = await finishedRun(`${receiver.url}/close`);
    const port = await closedPort();
    const refused = await finishedRun(`http://127.0.0.1:${port}/hook`);
    const t = testClock();
    await testWorker(db, { clock: t.clock }).runOnce(100);
    const [a] = await org.caller.callbacks.attempts({ deliveryId: (await deliveryOf(closed.id)).id });
    expect(a).toMatchObject({ outcome: "failed", statusCode: null });
    expect(a.error).toMatch(/socket hang up|ECONNRESET/);
    const [b] = await org.caller.callbacks.attempts({ deliveryId: (await deliveryOf(refused.id)).id });
    expect(b).toMatchObject({ outcome: "failed", statusCode: null });
    expect(b.error).toMatch(/ECONNREFUSED/);
    for (const runId of [closed.id, refused.id]) {
      const row = await deliveryRow(db, (await deliveryOf(runId)).id);
      expect(row.status).toBe("pending");
      expect(row.nextAttemptAt.getTime() - t.now().getTime()).toBeGreaterThanOrEqual(4000);
    }
  });

  it("410 stops retrying; Retry-After postpones the retry; only 4 KB of a response is kept", async ({
    db,
    org,
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const gone = await finishedRun(`${receiver.url}/gone`);
    const busy = await finishedRun(`${receiver.url}/retry-after`);
    const big = await finishedRun(`${receiver.url}/big`);
    const t = testClock();
    await testWorker(db, { clock: t.clock }).runOnce(100);
    expect(await deliveryRow(db, (await deliveryOf(gone.id)).id)).toMatchObject({
      status: "failed",
      attemptCount: 1,
      lastStatusCode: 410,
    });
    const busyRow = await deliveryRow(db, (await deliveryOf(busy.id)).id);
    expect(busyRow.status).toBe("pending");
    expect(busyRow.nextAttemptAt.getTime() - t.now().getTime()).toBe(120_000);
    const [bigAttempt] = await org.caller.callbacks.attempts({ deliveryId: (await deliveryOf(big.id)).id });
    expect(bigAttempt.responseBody).toHaveLength(4096);
  });

  it("a DNS failure is a failed attempt (resolver stubbed: tests never leave 127.0.0.0/8)", async () => {
    const result = await postCallback(
      "https://hooks.example.invalid/x",
      "{}",
      {},
      {
        timeoutMs: 300,
        policy: TEST_POLICY,
        resolve: async () => {
          throw Object.assign(new Error("getaddrinfo ENOTFOUND hooks.example.invalid"), { code: "ENOTFOUND" });
        },
      },
    );
    expect(result).toMatchObject({ refused: false, statusCode: null });
    expect(result.error).toMatch(/DNS lookup of hooks.example.invalid failed: .*ENOTFOUND/);
    // A name resolving to a private address is refused without connecting.
    const refused = await postCallback(
      "https://hooks.example.test/x",
      "{}",
      {},
      {
        timeoutMs: 300,
        policy: TEST_POLICY,
        resolve: async () => ["10.0.0.1"],
      },
    );
    expect(refused.refused).toBe(true);
  });

  it("SSRF end to end: a callback to 127.0.0.2 is refused once, not retried, and the listener there gets nothing", async ({
    db,
    org,
    listener2,
    finishedRun,
    deliveryOf,
  }) => {
    const run = await finishedRun(`${listener2.url}/hook`);
    const { id } = await deliveryOf(run.id);
    await testWorker(db, { clock: testClock().clock }).runOnce(100);
    const row = await deliveryRow(db, id);
    expect(row).toMatchObject({ status: "failed", attemptCount: 1, lastStatusCode: null });
    expect(row.lastError).toMatch(/refused: .*127\.0\.0\.2.*loopback.*CALLBACK_ALLOWED_HOSTS/);
    const [attempt] = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempt.outcome).toBe("refused");
    expect(listener2.requests).toHaveLength(0);
    // Even the request-filtering agent alone refuses it at connect time.
    const direct = await postCallback(`${listener2.url}/hook`, "{}", {}, { timeoutMs: 300, policy: { allowedHosts: [] } });
    expect(direct.refused).toBe(true);
    expect(listener2.requests).toHaveLength(0);
  });

  it("redeliver replays a finished delivery once, with the same webhook-id and body", async ({
    db,
    org,
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const run = await finishedRun(`${receiver.url}/ok`);
    const { id } = await deliveryOf(run.id);
    const t = testClock();
    const worker = testWorker(db, { clock: t.clock });
    await worker.runOnce(100);
    expect((await deliveryRow(db, id)).status).toBe("delivered");
    t.advance(60_000);
    const replay = await org.caller.callbacks.redeliver({ deliveryId: id });
    expect(replay).toMatchObject({ status: "pending", replay: true });
    await worker.runOnce(100);
    const requests = receiver.requests.filter((r) => r.headers["webhook-id"] === id);
    expect(requests).toHaveLength(2);
    expect(requests[0].body).toBe(requests[1].body);
    expect(requests[1].headers["webhook-timestamp"]).not.toBe(requests[0].headers["webhook-timestamp"]);
    const attempts = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempts.map((a) => [a.attemptNumber, a.manual, a.outcome])).toEqual([
      [1, false, "delivered"],
      [2, true, "delivered"],
    ]);
    expect(await deliveryRow(db, id)).toMatchObject({ status: "delivered", attemptCount: 2, replay: false });
  });

  it("redeliver double-click: two concurrent replays of a finished delivery make one manual attempt, final", async ({
    db,
    org,
    receiver,
  }) => {
    const [id] = await insertDeliveries(db, org.orgId, `${receiver.url}/fail`, 1);
    await db
      .update(callbackDeliveries)
      .set({ status: "failed", scheduledAttempts: 1, attemptCount: 1 }) // as after a 410
      .where(eq(callbackDeliveries.id, id));
    const t = testClock();
    const worker = testWorker(db, { clock: t.clock });
    const clicks = await Promise.all([
      org.caller.callbacks.redeliver({ deliveryId: id }),
      org.caller.callbacks.redeliver({ deliveryId: id }),
    ]);
    expect(clicks.map((d) => [d.status, d.replay])).toEqual([
      ["pending", true],
      ["pending", true],
    ]);
    await worker.runOnce(100);
    t.advance(24 * 60 * 60 * 1000);
    await worker.runOnce(100);
    const attempts = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempts.map((a) => [a.attemptNumber, a.manual, a.outcome, a.nextAttemptAt])).toEqual([[2, true, "failed", null]]);
    expect(receiver.requests.filter((r) => r.headers["webhook-id"] === id)).toHaveLength(1);
    expect(await deliveryRow(db, id)).toMatchObject({ status: "failed", replay: false, scheduledAttempts: 1 });
  });

  it("redeliver while the replay is being attempted answers with that replay: no 409, no second attempt", async ({
    db,
    org,
    receiver,
  }) => {
    const [id] = await insertDeliveries(db, org.orgId, `${receiver.url}/slow`, 1);
    await db.update(callbackDeliveries).set({ status: "delivered", attemptCount: 1 }).where(eq(callbackDeliveries.id, id));
    const worker = testWorker(db, { clock: testClock().clock });
    await org.caller.callbacks.redeliver({ deliveryId: id });
    const attempting = worker.runOnce(100);
    while (!receiver.requests.some((r) => r.headers["webhook-id"] === id)) await new Promise((r) => setTimeout(r, 20));
    expect(await org.caller.callbacks.redeliver({ deliveryId: id })).toMatchObject({ status: "pending", replay: true });
    await attempting;
    await worker.runOnce(100);
    const attempts = await org.caller.callbacks.attempts({ deliveryId: id });
    expect(attempts.map((a) => [a.attemptNumber, a.manual, a.outcome])).toEqual([[2, true, "delivered"]]);
  });

  it("a rotated signing secret: both the new and the old secret verify for 24 h", async ({
    db,
    org,
    receiver,
    finishedRun,
    deliveryOf,
  }) => {
    const old = await org.caller.callbacks.signingSecret();
    const rotated = await org.caller.callbacks.rotateSigningSecret();
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.previousSecret).toBe(old.secret);
    expect(rotated.previousExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600e3);
    const run = await finishedRun(`${receiver.url}/ok`);
    const { id } = await deliveryOf(run.id);
    // A fresh worker: no cached secret.
    await testWorker(db).runOnce(100);
    const request = receiver.requests.findLast((r) => r.headers["webhook-id"] === id)!;
    expect(String(request.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const secret of [rotated.secret, old.secret])
      expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({
        run_id: run.id,
      });
  });

  it("a failure inside the completing transaction writes nothing: no terminal run, no delivery", async ({
    db,
    org,
    receiver,
  }) => {
    // A trigger makes the outbox insert fail, i.e. the very end of the terminal transaction.
    await db.execute(sql`
      create or replace function test_explode() returns trigger language plpgsql as $$
      begin
        if new.url like '%/explode' then raise exception 'outbox insert failed (test trigger)'; end if;
        return new;
      end $$`);
    await db.execute(sql`
      create trigger test_explode before insert on callback_deliveries for each row execute function test_explode()`);
    try {
      const run = await org.caller.runs.create({ agentId, callbackUrl: `${receiver.url}/explode` });
      await org.caller.runs.update({ runId: run.id, status: "running" });
      const error = await org.caller.runs.update({ runId: run.id, status: "completed" }).catch((e: unknown) => e);
      const chain = (e: unknown): string => (e instanceof Error ? `${e.message} <- ${chain(e.cause)}` : "");
      expect(chain(error)).toMatch(/outbox insert failed \(test trigger\)/);
      const after = await org.caller.runs.get({ runId: run.id });
      expect(after).toMatchObject({ status: "running", completedAt: null });
      const rows = await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.runId, run.id));
      expect(rows).toHaveLength(0);
    } finally {
      await db.execute(sql`drop trigger test_explode on callback_deliveries`);
    }
  });
});
