import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { openPostgres } from "@/db/client";
import { callbackAttempts, callbackDeliveries } from "@/db/schema";
import { TEST_ENGINE } from "@/test/helpers/db";
import { it as base } from "@/test/helpers/test";
import { insertDeliveries, receiverFixture, testWorker } from "./helpers";

/**
 * Several worker processes on one database need Postgres: PGlite belongs to one process and has a single
 * connection, so FOR UPDATE SKIP LOCKED between workers cannot even be exercised there.
 */
const onPostgres = TEST_ENGINE === "postgres";
const SKIP_NOTE = onPostgres
  ? ""
  : " [SKIPPED on PGlite: needs Postgres (set TEST_DATABASE_URL); PGlite is one process, one connection]";
const ROOT = path.resolve(import.meta.dirname, "../..");

const it = base
  // Answers 200 after 20 ms, so that attempts are really in flight when a worker dies.
  .extend(
    "receiver",
    { scope: "file" },
    receiverFixture({ handler: (_req, res) => setTimeout(() => res.writeHead(200).end("ok"), 20) }),
  )
  .extend("statusCounts", { scope: "file" }, async ({ db, org }) => async () => {
    const rows = await db
      .select({ status: callbackDeliveries.status, n: count() })
      .from(callbackDeliveries)
      .where(eq(callbackDeliveries.organizationId, org.orgId))
      .groupBy(callbackDeliveries.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
  })
  .extend(
    "spawnWorker",
    { scope: "file" },
    async ({ database }) =>
      (env: Record<string, string> = {}): ChildProcess =>
        spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/worker.ts")], {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: database.url!,
            DATABASE_POOL_SIZE: "4",
            CALLBACK_ALLOWED_HOSTS: "127.0.0.1",
            CALLBACK_TIMEOUT_MS: "1000",
            CALLBACK_LEASE_MS: "2000",
            CALLBACK_POLL_MS: "100",
            CALLBACK_CONCURRENCY: "16",
            ...env,
          },
          stdio: ["ignore", "pipe", "pipe"],
        }),
  );

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.exitCode !== null || child.signalCode !== null
      ? r({ code: child.exitCode, signal: child.signalCode })
      : child.once("exit", (code, signal) => r({ code, signal })),
  );

describe.skipIf(!onPostgres)(`callback workers on Postgres${SKIP_NOTE}`, () => {
  it(`two workers (own connection pools) over 1,000 deliveries: each delivered exactly once${SKIP_NOTE}`, async ({
    db,
    database,
    org,
    receiver,
    statusCounts,
  }) => {
    receiver.requests.length = 0;
    const ids = await insertDeliveries(db, org.orgId, `${receiver.url}/ok`, 1000);
    const second = await openPostgres(database.url!, { max: 4 });
    const w1 = testWorker(db, { workerId: "w1", pollIntervalMs: 50, maxInFlight: 32 });
    const w2 = testWorker(second.db, { workerId: "w2", pollIntervalMs: 50, maxInFlight: 32 });
    try {
      w1.start();
      w2.start();
      await waitFor(async () => (await statusCounts()).delivered === 1000, 60_000, "1000 deliveries");
    } finally {
      await Promise.all([w1.stop(), w2.stop()]);
      await second.close();
    }
    const received = receiver.requests.map((r) => String(r.headers["webhook-id"]));
    expect(received).toHaveLength(1000);
    expect(new Set(received)).toEqual(new Set(ids));
    const perWorker = await db
      .select({ worker: callbackAttempts.workerId, n: count() })
      .from(callbackAttempts)
      .where(eq(callbackAttempts.organizationId, org.orgId))
      .groupBy(callbackAttempts.workerId);
    const byWorker = Object.fromEntries(perWorker.map((r) => [r.worker, Number(r.n)]));
    expect(byWorker.w1 + byWorker.w2).toBe(1000);
    expect(byWorker.w1).toBeGreaterThan(0);
    expect(byWorker.w2).toBeGreaterThan(0);
    const [{ multi }] = await db
      .select({ multi: sql<number>`count(*) filter (where attempt_count <> 1)::int` })
      .from(callbackDeliveries)
      .where(eq(callbackDeliveries.organizationId, org.orgId));
    expect(multi).toBe(0);
    await db.delete(callbackDeliveries).where(eq(callbackDeliveries.organizationId, org.orgId));
  }, 120_000);

  it(`failpoints: killed after the claim (nothing sent) → delivered once after the lease; killed after a 200 but before recording → sent again with the same webhook-id${SKIP_NOTE}`, async ({
    db,
    org,
    receiver,
    statusCounts,
    spawnWorker,
  }) => {
    receiver.requests.length = 0;
    // K1: SIGKILL right after claiming, before any send.
    const [k1] = await insertDeliveries(db, org.orgId, `${receiver.url}/ok`, 1);
    const afterClaim = spawnWorker({ RUNTOWER_FAILPOINT: "worker.after-claim" });
    expect((await exitOf(afterClaim)).signal).toBe("SIGKILL");
    expect(receiver.requests).toHaveLength(0);
    const claimedRow = await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.id, k1));
    expect(claimedRow[0]).toMatchObject({ status: "pending", attemptCount: 0 });
    expect(claimedRow[0].claimToken).not.toBeNull();
    // K3: SIGKILL after the receiver answered 200, before the attempt is recorded.
    const afterSend = spawnWorker({ RUNTOWER_FAILPOINT: "worker.after-send" });
    expect((await exitOf(afterSend)).signal).toBe("SIGKILL");
    expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([k1]);
    expect((await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.id, k1)))[0].status).toBe("pending");
    // A healthy worker: the lease runs out and the delivery is made again, under the same webhook-id.
    const healthy = spawnWorker();
    try {
      await waitFor(async () => (await statusCounts()).delivered === 1, 30_000, "the delivery after restart");
    } finally {
      healthy.kill("SIGTERM");
      expect((await exitOf(healthy)).code).toBe(0);
    }
    expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([k1, k1]);
    const row = (await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.id, k1)))[0];
    expect(row).toMatchObject({ status: "delivered", attemptCount: 1 });
    await db.delete(callbackDeliveries).where(eq(callbackDeliveries.organizationId, org.orgId));
  }, 120_000);

  it(`a worker process SIGKILLed mid-batch loses nothing: after a restart every due delivery is delivered${SKIP_NOTE}`, async ({
    db,
    org,
    receiver,
    statusCounts,
    spawnWorker,
  }) => {
    receiver.requests.length = 0;
    const ids = await insertDeliveries(db, org.orgId, `${receiver.url}/ok`, 200);
    const first = spawnWorker();
    let output = "";
    first.stdout?.on("data", (d) => (output += d));
    first.stderr?.on("data", (d) => (output += d));
    const exited = exitOf(first).then((e) => e.signal);
    await waitFor(async () => receiver.requests.length >= 40 || first.exitCode !== null, 60_000, "the first worker to deliver");
    expect(first.exitCode, output).toBeNull();
    first.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const atKill = await statusCounts();
    expect(atKill.pending ?? 0).toBeGreaterThan(0); // killed mid-batch, not after the end
    const [{ claimed }] = await db
      .select({ claimed: count() })
      .from(callbackDeliveries)
      .where(and(eq(callbackDeliveries.organizationId, org.orgId), sql`claim_token is not null`));

    const restarted = spawnWorker();
    try {
      await waitFor(async () => (await statusCounts()).delivered === 200, 60_000, "all 200 deliveries after restart");
    } finally {
      restarted.kill("SIGTERM");
      await exitOf(restarted);
    }
    expect(restarted.exitCode).toBe(0); // a clean stop on SIGTERM
    const received = receiver.requests.map((r) => String(r.headers["webhook-id"]));
    expect(new Set(received)).toEqual(new Set(ids));
    // At least once: only the attempts in flight at the kill can have been received twice.
    expect(received.length - ids.length).toBeLessThanOrEqual(Number(claimed));
  }, 120_000);
});
