import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { parseBenchArgs, runBench } from "@/bench/run";
import { TEST_ENGINE } from "@/test/helpers/db";

/**
 * `npm run bench` at toy scale: every section runs and reports, on this project's engine. Speed is not
 * asserted here (that is what the bench itself is for); only that each figure is produced without errors.
 */
describe("npm run bench (smoke)", () => {
  it("produces every section's figures with baselines, without errors", async () => {
    const options = {
      ...parseBenchArgs(["--runs", "2000", "--orgs", "4", "--agents", "40", "--iterations", "1"]),
      skipHttp: true,
      skipCallbacks: true,
      skipPostgres: TEST_ENGINE !== "postgres",
      pgliteRuns: TEST_ENGINE === "postgres" ? 0 : 1000,
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
      expect(r.ratio).toBeCloseTo(r.baseline! / r.value, 2);
    }
    // Every list filter, big and small org, first page at least.
    expect(results.filter((r) => r.name.startsWith(`list.${engine}.`) && r.name.endsWith(".first")).length).toBe(36);
    for (const r of results.filter((r) => r.name.endsWith(".max_rel_error"))) expect(r.error).toBeUndefined();
  }, 120_000);
});
