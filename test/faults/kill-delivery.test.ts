import { sql, type SQL } from "drizzle-orm";
import { afterAll, describe, expect } from "vitest";
import { queryRows } from "@/db/client";
import { insertDeliveries, receiverFixture } from "@/test/callbacks/helpers";
import { TEST_ENGINE } from "@/test/helpers/db";
import { it as base } from "@/test/helpers/test";
import { bundle, exitOf, removeBundles, killRepeatedly, printed, sleep, spawnBundle, waitFor } from "./helpers";

/**
 * The repeated, randomized version of the single-kill worker tests (test/callbacks/workers-postgres.test.ts):
 * `npm run worker` processes are SIGKILLed at least 50 times while deliveries are due — from outside at a random
 * moment, or by their own failpoints after a claim / after a send — then one healthy worker runs to the end.
 * Postgres only: worker processes need a database server.
 */
const onPostgres = TEST_ENGINE === "postgres";
const SKIP_NOTE = onPostgres ? "" : " [SKIPPED on PGlite: needs Postgres (set TEST_DATABASE_URL); PGlite belongs to one process]";
const KILLS = 50;
const DELIVERIES = 600;

const it = base
  // Slow answers (100–300 ms), so attempts are in flight when a worker dies.
  .extend(
    "receiver",
    { scope: "file" },
    receiverFixture({ handler: (_req, res) => setTimeout(() => res.writeHead(200).end("ok"), 100 + Math.random() * 200) }),
  )
  .extend(
    "n",
    { scope: "file" },
    async ({ db }) =>
      async (query: SQL) =>
        Number((await queryRows<{ n: string }>(db, query))[0].n),
  );

afterAll(() => removeBundles());

describe.skipIf(!onPostgres)(`SIGKILL during callback delivery${SKIP_NOTE}`, () => {
  it(`${KILLS}+ worker kills at random points (outside, after-claim, after-send): every delivery delivered, every webhook-id received, none lost${SKIP_NOTE}`, async ({
    db,
    database,
    org,
    receiver,
    n,
  }) => {
    const ids = await insertDeliveries(db, org.orgId, `${receiver.url}/ok`, DELIVERIES);
    const worker = bundle("scripts/worker.ts");
    const env = {
      DATABASE_URL: database.url!,
      DATABASE_POOL_SIZE: "3",
      CALLBACK_ALLOWED_HOSTS: "127.0.0.1",
      CALLBACK_TIMEOUT_MS: "500",
      CALLBACK_LEASE_MS: "1000", // the worker keeps lease ≥ timeout + 1 s: 1.5 s
      CALLBACK_POLL_MS: "100",
      CALLBACK_CONCURRENCY: "4",
    };
    const pendingAtKill: number[] = [];
    const how = { outside: 0, "worker.after-claim": 0, "worker.after-send": 0 };
    const started = Date.now();
    const kills = await killRepeatedly(KILLS, 2, async () => {
      const r = Math.random();
      const point = r < 0.6 ? "outside" : r < 0.8 ? "worker.after-claim" : "worker.after-send";
      const child = spawnBundle(worker, { ...env, ...(point === "outside" ? {} : { RUNTOWER_FAILPOINT: point }) });
      const output = { text: "" };
      const ready = await printed(child, "delivering callbacks", output);
      if (point === "outside" && ready) {
        await sleep(Math.random() * 400);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      const exit = await Promise.race([exitOf(child), sleep(5000).then(() => null)]);
      if (!exit) {
        child.kill("SIGKILL"); // a failpoint that never fired (nothing due when it claimed): not counted
        await exitOf(child);
        return false;
      }
      if (exit.signal !== "SIGKILL") throw new Error(`worker exited with ${exit.code}:\n${output.text}`);
      how[point]++;
      pendingAtKill.push(
        await n(sql`select count(*) as n from callback_deliveries where organization_id = ${org.orgId} and status = 'pending'`),
      );
      return true;
    });
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(how.outside).toBeGreaterThan(0);
    expect(how["worker.after-claim"] + how["worker.after-send"]).toBeGreaterThan(0);
    // Deliveries were still due at every kill: each one hit a worker with work to lose.
    expect(Math.min(...pendingAtKill)).toBeGreaterThan(0);
    const receivedDuringKills = receiver.requests.length;

    const healthy = spawnBundle(worker, { ...env, CALLBACK_CONCURRENCY: "32" });
    try {
      await waitFor(
        async () =>
          (await n(
            sql`select count(*) as n from callback_deliveries where organization_id = ${org.orgId} and status = 'delivered'`,
          )) === DELIVERIES,
        40_000,
        "every delivery after the kills",
      );
    } finally {
      healthy.kill("SIGTERM");
      await exitOf(healthy);
    }
    expect(healthy.exitCode).toBe(0);
    console.log(
      `[kill-delivery] ${kills} kills (${JSON.stringify(how)}) in ${Date.now() - started} ms; ${receivedDuringKills} requests received ` +
        `during the kills, ${receiver.requests.length} in all for ${DELIVERIES} deliveries`,
    );

    // None lost: every row is still there and delivered, and the receiver saw each webhook-id at least once.
    expect(await n(sql`select count(*) as n from callback_deliveries where organization_id = ${org.orgId}`)).toBe(DELIVERIES);
    expect(
      await n(
        sql`select count(*) as n from callback_deliveries where organization_id = ${org.orgId} and (status <> 'delivered' or attempt_count < 1)`,
      ),
    ).toBe(0);
    const received = new Set(receiver.requests.map((r) => String(r.headers["webhook-id"])));
    expect(ids.filter((id) => !received.has(id))).toEqual([]);
    expect([...received].filter((id) => !ids.includes(id))).toEqual([]);
  }, 90_000);
});
