import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect } from "vitest";
import { catchTrpc, snapshotTables } from "@/test/helpers/assertions";
import { TEST_ENGINE } from "@/test/helpers/db";
import { it as base } from "@/test/helpers/test";

/**
 * The service's Postgres connection is terminated (pg_terminate_backend from an admin session) while one of its
 * transactions is in flight: the call must fail with a clean tRPC error, write nothing, and the next call on the
 * same Database (same pool) must work. Postgres only: PGlite is in-process and has no server connection to drop.
 */
const onPostgres = TEST_ENGINE === "postgres";
const SKIP_NOTE = onPostgres
  ? ""
  : " [SKIPPED on PGlite: needs Postgres (set TEST_DATABASE_URL); PGlite has no connection to terminate]";

const it = base
  .extend("agentId", { scope: "file" }, async ({ org }) => (await org.caller.agents.create({ name: "fault agent" })).id)
  // An admin session on the test database, apart from the service's pool.
  .extend("admin", { scope: "file" }, async ({ database }, { onCleanup }) => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    onCleanup(() => admin.end());
    return admin;
  });

/** Backends of this database other than the admin session, waiting on a lock (the service's blocked transaction). */
async function waitForBlockedBackend(admin: pg.Client): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
    );
    if (rows.length > 0) return rows[0].pid;
    if (Date.now() > deadline) throw new Error("the service's transaction never blocked on the held lock");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Terminates every connection of the service's pool (busy and idle), so the next call must reconnect. */
async function terminatePool(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ ok: boolean }>(
    `select pg_terminate_backend(pid) as ok from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  );
  return rows.filter((r) => r.ok).length;
}

/**
 * Holds `lockSql` (a row lock) in an admin transaction, starts `call`, waits until it blocks on that lock,
 * terminates the pool's connections and releases the lock. Returns the call's error.
 */
async function dropMidRequest(admin: pg.Client, lockSql: string, params: unknown[], call: () => Promise<unknown>) {
  await admin.query("begin");
  await admin.query(lockSql, params);
  const pending = catchTrpc(call());
  const blocked = await waitForBlockedBackend(admin);
  expect(blocked).toBeGreaterThan(0);
  const terminated = await terminatePool(admin);
  await admin.query("rollback");
  expect(terminated).toBeGreaterThan(0);
  return pending;
}

describe.skipIf(!onPostgres)(`database connection dropped mid-request${SKIP_NOTE}`, () => {
  it(`runs.update to completed, killed after it wrote the run but before run_metrics: clean error, nothing written, next call works${SKIP_NOTE}`, async ({
    db,
    org,
    agentId,
    admin,
  }) => {
    const run = await org.caller.runs.create({ agentId, callbackUrl: "http://127.0.0.1:9/cb" });
    await org.caller.steps.create({ runId: run.id, promptTokens: 3, completionTokens: 4 });
    const before = await snapshotTables(db);
    // finalizeRun updates run_metrics after the runs row: holding that row lock stops the transaction mid-way.
    const error = await dropMidRequest(admin, "select 1 from run_metrics where id = $1 for update", [run.id], () =>
      org.caller.runs.update({ runId: run.id, status: "completed" }),
    );
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    expect(await snapshotTables(db)).toEqual(before); // no partial write: status, metrics, outbox all rolled back
    const fetched = await org.caller.runs.get({ runId: run.id });
    expect(fetched.status).toBe("running");
    expect(fetched.completedAt).toBeNull();

    // The same Database works again: the dead clients left the pool.
    const done = await org.caller.runs.update({ runId: run.id, status: "completed" });
    expect(done.status).toBe("completed");
    expect(done.completedAt).not.toBeNull();
    const deliveries = await db.query.callbackDeliveries.findMany({ where: (d, { eq }) => eq(d.runId, run.id) });
    expect(deliveries).toHaveLength(1);
  });

  it(`steps.create blocked on the run's row lock when the connection drops: clean error, no step, next call works${SKIP_NOTE}`, async ({
    db,
    org,
    agentId,
    admin,
  }) => {
    const run = await org.caller.runs.create({ agentId });
    const before = await snapshotTables(db);
    const error = await dropMidRequest(admin, "select 1 from runs where id = $1 for update", [run.id], () =>
      org.caller.steps.create({ runId: run.id, promptTokens: 1, completionTokens: 1 }),
    );
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    expect(await snapshotTables(db)).toEqual(before);
    const step = await org.caller.steps.create({ runId: run.id, promptTokens: 1, completionTokens: 1 });
    expect(step.runId).toBe(run.id);
    expect((await org.caller.runs.get({ runId: run.id })).status).toBe("running");
  });

  it(`a read during a slow query (pg_sleep) on a terminated connection fails cleanly and the next read works${SKIP_NOTE}`, async ({
    db,
    org,
    agentId,
    admin,
  }) => {
    const run = await org.caller.runs.create({ agentId });
    // The slow query and the pool's idle connections are all terminated: the pool must not hand a dead client on.
    const sleeping = db.execute(sql`select pg_sleep(5)`).then(
      () => null,
      (e: unknown) => e,
    );
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const { rows } = await admin.query(
        `select 1 from pg_stat_activity where datname = current_database() and query like 'select pg_sleep(5)%'`,
      );
      if (rows.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await terminatePool(admin)).toBeGreaterThan(0);
    const failure = await sleeping;
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).cause)).toMatch(/terminat/i); // drizzle wraps pg's error as the cause
    expect((await org.caller.runs.get({ runId: run.id })).id).toBe(run.id);
    const page = await org.caller.runs.list({ limit: 5 });
    expect(page.items.length).toBeGreaterThan(0);
  });
});
