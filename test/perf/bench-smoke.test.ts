import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { parseBenchArgs, runBench } from "@/bench/run";
import { EXACT_BELOW } from "@/server/modules/percentiles";
import { TEST_ENGINE } from "@/test/helpers/db";

/**
 * `npm run bench` at toy scale: every section runs and reports, on this project's engine. Speed is not
 * asserted here (that is what the bench itself is for); only that each figure is produced without errors.
 * On Postgres the big org gets just over EXACT_BELOW runs, so the histograms really answer its all-time percentiles
 * and the bench's comparison with the exact answer compares something (below it both sides are the exact query).
 * PGlite stays small (seeding 20k runs there takes minutes): there the bench must say the answer was exact.
 */
const RUNS = TEST_ENGINE === "postgres" ? 2 * (EXACT_BELOW + 500) : 1000; // the big org holds half the runs
describe("npm run bench (smoke)", () => {
  it("produces every section's figures with baselines, without errors", async () => {
    const options = {
      ...parseBenchArgs([
        "--runs",
        String(TEST_ENGINE === "postgres" ? RUNS : 2000),
        "--orgs",
        "4",
        "--agents",
        "40",
        "--iterations",
        "1",
      ]),
      skipHttp: true,
      skipCallbacks: true,
      skipPostgres: TEST_ENGINE !== "postgres",
      pgliteRuns: TEST_ENGINE === "postgres" ? 0 : RUNS,
      ingestSteps: 40,
      ingestCompletions: 20,
      outDir: null,
      adminUrl: TEST_ENGINE === "postgres" ? inject("postgresAdminUrl") : "",
      log: () => {},
    };
    const results = await runBench(options);
    const engine = TEST_ENGINE === "postgres" ? "pg" : "pglite";
    expect(results.filter((r) => r.name.endsWith(".failed"))).toEqual([]);
    for (const section of ["percentiles", "slow_p95", "list", "ingest"])
      expect(results.some((r) => r.name.startsWith(`${section}.${engine}.`))).toBe(true);
    for (const r of results.filter((r) => r.unit === "ms")) {
      expect(r.value).toBeGreaterThan(0);
      expect(r.baseline).toBeGreaterThan(0);
      // Both sides are rounded to 0.001 ms, so compare relatively.
      expect(r.ratio! / (r.baseline! / r.value)).toBeCloseTo(1, 1);
    }
    // Every list filter, big and small org, first page at least.
    expect(results.filter((r) => r.name.startsWith(`list.${engine}.`) && r.name.endsWith(".first")).length).toBe(36);
    for (const r of results.filter((r) => r.name.endsWith(".max_rel_error"))) expect(r.error).toBeUndefined();
    // Which path answered the all-time percentiles: the histograms (no mark, error within the bound) at or above
    // EXACT_BELOW runs, the exact query (marked) below it.
    const allTime = results.find((r) => r.name === `percentiles.${engine}.big.all_time`);
    const allTimeError = results.find((r) => r.name === `percentiles.${engine}.big.all_time.max_rel_error`);
    if (TEST_ENGINE === "postgres") {
      expect(allTime?.error).toBeUndefined();
      expect(allTimeError?.value).toBeLessThanOrEqual(allTimeError!.baseline!);
    } else {
      expect(allTime?.error).toBe("answered exactly (routing)");
      expect(allTimeError?.value).toBe(0);
    }
  }, 120_000);
});
