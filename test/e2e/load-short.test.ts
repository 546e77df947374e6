import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad } from "@/bench/load";
import { E2E_INIT, startAppServer, type AppServer } from "@/test/helpers/app-server";
import { TEST_ENGINE } from "@/test/helpers/db";

/**
 * The short version of the bench's `load` section (bench/load.ts): 5 s of mixed reads and writes over tRPC HTTP at
 * 100 req/s on `next start`, then every acknowledged write is looked up in Postgres. Per-key rate limiting is off
 * (RUNTOWER_RATE_LIMIT_PER_MINUTE=0) because one API key sends the whole load. Postgres only: the lost-write count
 * reads the server's database from this process, which PGlite (owned by the server process) does not allow.
 */
const onPostgres = TEST_ENGINE === "postgres";
const SKIP_NOTE = onPostgres
  ? ""
  : " [SKIPPED on PGlite: needs Postgres (set TEST_DATABASE_URL) to count writes from outside the server]";
const RATE = 100;
const SECONDS = 5;

let server: AppServer;

beforeAll(async () => {
  if (!onPostgres) return;
  server = await startAppServer({ env: { RUNTOWER_RATE_LIMIT_PER_MINUTE: "0", CALLBACK_WORKER: "off" } });
});
afterAll(async () => server?.stop());

describe.skipIf(!onPostgres)(`load on next start + Postgres (short)${SKIP_NOTE}`, () => {
  it(`${RATE} req/s of mixed reads and writes for ${SECONDS} s: 0 errors, 0 lost writes${SKIP_NOTE}`, async () => {
    const report = await runLoad({
      url: server.url,
      token: E2E_INIT.RUNTOWER_INIT_API_KEY,
      databaseUrl: server.databaseUrl!,
      rate: RATE,
      seconds: SECONDS,
      log: (line) => console.log(line),
    });
    // Every scheduled request answered successfully (`sent` is only RATE × SECONDS: the schedule, not an outcome).
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.ok).toBe(RATE * SECONDS);
    // Every procedure of the mix ran, so the lost-write check below covers each kind of write.
    expect(Object.keys(report.byOp).sort()).toEqual(
      ["metrics.percentiles", "runs.create", "runs.get", "runs.list", "runs.update", "steps.create"].sort(),
    );
    expect(report.lost).toEqual({ runs: 0, steps: 0, terminal: 0 });
    expect(report.unacknowledged).toEqual({ runs: 0, steps: 0 });
    // The mix really wrote: runs, steps and terminal updates were all acknowledged.
    expect(report.acknowledged.runs).toBeGreaterThan(RATE * SECONDS * 0.1);
    expect(report.acknowledged.steps).toBeGreaterThan(RATE * SECONDS * 0.1);
    expect(report.acknowledged.terminal).toBeGreaterThan(RATE * SECONDS * 0.05);
    // No rate is asserted: speed belongs to the bench (`npm run bench -- --only load`), and in CI this file shares
    // 2 cores with the other e2e files. What must hold at any speed is above: every call answered, nothing lost.
  });
});
