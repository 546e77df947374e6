/**
 * npm run bench -- [--runs 1000000] [--orgs 20] [--agents 2000] [--pglite-runs 20000] [--iterations 5]
 *                  [--http-rate 200] [--http-seconds 20] [--skip-http] [--skip-callbacks] [--out bench/results]
 *                  [--load-rate 200] [--load-seconds 60] [--skip-load] [--database NAME]
 *
 * Seeds a throw-away database on the Postgres named by BENCH_DATABASE_URL / DATABASE_URL (admin connection,
 * default postgres://postgres@127.0.0.1:5432/test; the bench creates and drops its own database), then a
 * smaller data set on in-memory PGlite, and prints every figure beside its baseline measured in the same run.
 * Results also go to bench/results/latest.json and a timestamped copy.
 *
 * --database NAME keeps the seeded Postgres database instead of dropping it, and reuses it (no seeding) when a
 * later run names it again: for iterating on one section at scale (`--only list --database bench_1m`).
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Pool } from "pg";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { openPglite, pgliteClientOf, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import * as schema from "@/db/schema";
import { adminQuery, databaseUrl } from "@/test/helpers/postgres-admin";
import { benchHttp } from "./http";
import { benchLoad, loadResults } from "./load";
import { formatTable, type BenchResult } from "./lib";
import { benchIngest, benchList, benchPercentiles, benchSlowP95, type BenchContext } from "./sections";
import { seedBenchData, type BenchDataset } from "./seed";

export interface BenchOptions {
  runs: number;
  orgs: number;
  agents: number;
  pgliteRuns: number;
  iterations: number;
  httpRate: number;
  httpSeconds: number;
  skipHttp: boolean;
  /** Mixed read/write load over HTTP (bench/load.ts), section `load`. */
  loadRate: number;
  loadSeconds: number;
  skipLoad: boolean;
  skipCallbacks: boolean;
  skipPostgres: boolean;
  ingestSteps: number;
  ingestCompletions: number;
  outDir: string | null;
  /** Run only these sections (percentiles, slow_p95, list, ingest, http, callbacks); all when null. */
  only: Set<string> | null;
  adminUrl: string;
  /** Keep (and reuse) this Postgres database instead of a throw-away one. */
  database: string | null;
  log: (line: string) => void;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, fallback: number) => (value(flag) === undefined ? fallback : Number(value(flag)));
  return {
    runs: num("--runs", 1_000_000),
    orgs: num("--orgs", 20),
    agents: num("--agents", 2000),
    pgliteRuns: num("--pglite-runs", 20_000),
    iterations: num("--iterations", 5),
    httpRate: num("--http-rate", 200),
    httpSeconds: num("--http-seconds", 20),
    skipHttp: argv.includes("--skip-http"),
    loadRate: num("--load-rate", 200),
    loadSeconds: num("--load-seconds", 60),
    skipLoad: argv.includes("--skip-load"),
    skipCallbacks: argv.includes("--skip-callbacks"),
    skipPostgres: argv.includes("--skip-postgres"),
    ingestSteps: num("--ingest-steps", 4000),
    ingestCompletions: num("--ingest-completions", 1000),
    outDir: value("--out") ?? path.join(process.cwd(), "bench", "results"),
    only: value("--only") ? new Set(value("--only")!.split(",")) : null,
    database: value("--database") ?? null,
    adminUrl: process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    log: (line) => console.log(line),
  };
}

async function guarded(results: BenchResult[], section: string, fn: () => Promise<BenchResult[]>, log: (l: string) => void) {
  try {
    results.push(...(await fn()));
  } catch (error) {
    log(`  ${section} failed: ${error instanceof Error ? error.message : String(error)}`);
    results.push({
      name: `${section}.failed`,
      value: NaN,
      baseline: null,
      ratio: null,
      unit: "-",
      error: String(error).slice(0, 500),
    });
  }
}

async function inProcessSections(ctx: BenchContext, options: BenchOptions, results: BenchResult[]) {
  const log = options.log;
  const on = (section: string) => !options.only || options.only.has(section);
  if (on("percentiles")) await guarded(results, `percentiles.${ctx.engine}`, () => benchPercentiles(ctx), log);
  if (on("slow_p95")) await guarded(results, `slow_p95.${ctx.engine}`, () => benchSlowP95(ctx), log);
  if (on("list")) await guarded(results, `list.${ctx.engine}`, () => benchList(ctx), log);
  if (on("ingest"))
    await guarded(
      results,
      `ingest.${ctx.engine}`,
      () =>
        benchIngest(ctx, {
          steps: options.ingestSteps,
          completions: options.ingestCompletions,
          concurrency: ctx.engine === "pg" ? 8 : 1,
        }),
      log,
    );
}

async function benchPostgres(options: BenchOptions, results: BenchResult[]) {
  const log = options.log;
  if (options.database && !/^[a-z_][a-z0-9_]*$/.test(options.database))
    throw new Error("--database: lower-case letters, digits and _ only");
  const name = options.database ?? `runtower_bench_${randomBytes(4).toString("hex")}`;
  // A kept database remembers its data set (ids of the big org, hot agent…) beside the results.
  const datasetFile = path.join(process.cwd(), "bench", "results", `dataset-${name}.json`);
  const reused = Boolean(options.database && fs.existsSync(datasetFile));
  if (!reused) {
    if (options.database) await adminQuery(options.adminUrl, `drop database if exists ${name} with (force)`);
    await adminQuery(options.adminUrl, `create database ${name}`);
  }
  const url = databaseUrl(options.adminUrl, name);
  const pool = new Pool({ connectionString: url, max: 10 });
  pool.on("error", () => {});
  try {
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migrateDatabase({ db, engine: "postgres", url, close: async () => {} });
    const captured: BenchContext["captured"] = [];
    const loggingDb = drizzlePg(pool, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    }) as unknown as Db;
    let now = new Date();
    let data: BenchDataset;
    if (reused) {
      ({ now, data } = JSON.parse(fs.readFileSync(datasetFile, "utf8"), (k, v) => (k === "now" ? new Date(v) : v)));
      log(`postgres: reusing ${name} (big org ${data.runs.bigOrg} runs, seeded for ${now.toISOString()})`);
    } else {
      log(`postgres: seeding ${options.runs} runs, ${options.orgs} orgs, ${options.agents} agents into ${name}…`);
      const t = Date.now();
      data = await seedBenchData(db, { runs: options.runs, orgs: options.orgs, agents: options.agents, now });
      const seedS = (Date.now() - t) / 1000;
      log(
        `postgres: seeded in ${seedS.toFixed(1)} s (${JSON.stringify(data.seedMs)}); big org ${data.runs.bigOrg} runs, small org ${data.runs.smallOrg}`,
      );
      results.push({ name: "seed.pg.seconds", value: seedS, baseline: null, ratio: null, unit: `s for ${options.runs} runs` });
      if (options.database) {
        fs.mkdirSync(path.dirname(datasetFile), { recursive: true });
        fs.writeFileSync(datasetFile, JSON.stringify({ now, data }));
      }
    }
    const ctx: BenchContext = {
      engine: "pg",
      db,
      loggingDb,
      captured,
      raw: (query, params) => pool.query(query, params as unknown[]),
      data,
      now,
      iterations: options.iterations,
      log,
    };
    await inProcessSections(ctx, options, results);
    if (!options.skipHttp && (!options.only || options.only.has("http"))) {
      const serviceMs = results.find((r) => r.name === "list.pg.big.none.first")?.value ?? null;
      await guarded(
        results,
        "http.pg",
        () =>
          benchHttp({
            db,
            databaseUrl: url,
            orgId: data.bigOrgId,
            rate: options.httpRate,
            seconds: options.httpSeconds,
            baselineMs: serviceMs ?? NaN,
            log,
          }),
        log,
      );
    }
    // An HTTP section too: --skip-http (as in the smoke test) skips it.
    if (!options.skipHttp && !options.skipLoad && (!options.only || options.only.has("load"))) {
      await guarded(
        results,
        "load.pg",
        async () => loadResults(await benchLoad({ databaseUrl: url, rate: options.loadRate, seconds: options.loadSeconds, log })),
        log,
      );
    }
  } finally {
    await pool.end();
    if (!options.database) await adminQuery(options.adminUrl, `drop database if exists ${name} with (force)`);
  }
}

async function benchPglite(options: BenchOptions, results: BenchResult[]) {
  const log = options.log;
  const database = await openPglite({ memory: true });
  try {
    await migrateDatabase(database);
    const client = pgliteClientOf(database);
    const captured: BenchContext["captured"] = [];
    const loggingDb = drizzlePglite(client, {
      schema,
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    }) as unknown as Db;
    const now = new Date();
    const agents = Math.max(options.orgs * 2, Math.round((options.agents * options.pgliteRuns) / Math.max(1, options.runs)));
    log(`pglite: seeding ${options.pgliteRuns} runs, ${options.orgs} orgs, ${agents} agents…`);
    const t = Date.now();
    const data = await seedBenchData(database.db, { runs: options.pgliteRuns, orgs: options.orgs, agents, now });
    results.push({
      name: "seed.pglite.seconds",
      value: (Date.now() - t) / 1000,
      baseline: null,
      ratio: null,
      unit: `s for ${options.pgliteRuns} runs`,
    });
    const ctx: BenchContext = {
      engine: "pglite",
      db: database.db,
      loggingDb,
      captured,
      raw: (query, params) => client.query(query, params as unknown[]),
      data,
      now,
      iterations: options.iterations,
      log,
    };
    await inProcessSections(
      ctx,
      {
        ...options,
        ingestSteps: Math.min(options.ingestSteps, 1000),
        ingestCompletions: Math.min(options.ingestCompletions, 300),
      },
      results,
    );
  } finally {
    await database.close();
  }
}

async function benchCallbackSection(options: BenchOptions, results: BenchResult[]) {
  const file = path.join(process.cwd(), "bench", "callbacks.ts");
  if (!fs.existsSync(file)) {
    // HOOK: bench/callbacks.ts (another developer's) exports benchCallbacks(opts); it is run here when present.
    results.push({
      name: "callbacks.skipped",
      value: NaN,
      baseline: null,
      ratio: null,
      unit: "-",
      error: "bench/callbacks.ts not present",
    });
    return;
  }
  const { benchCallbacks } = (await import("./callbacks")) as {
    benchCallbacks: (opts: Record<string, unknown>) => Promise<{ name: string; value: number; unit: string }[]>;
  };
  const entries = await benchCallbacks({ databaseUrl: options.skipPostgres ? null : options.adminUrl, log: options.log });
  for (const e of entries)
    results.push({
      name: e.name.startsWith("callbacks.") ? e.name : `callbacks.${e.name}`,
      value: e.value,
      baseline: null,
      ratio: null,
      unit: e.unit,
    });
}

export async function runBench(options: BenchOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  if (!options.skipPostgres) await benchPostgres(options, results);
  if (options.pgliteRuns > 0) await benchPglite(options, results);
  if (!options.skipCallbacks && (!options.only || options.only.has("callbacks")))
    await guarded(
      results,
      "callbacks",
      async () => {
        const before = results.length;
        await benchCallbackSection(options, results);
        return results.splice(before);
      },
      options.log,
    );
  if (options.outDir) {
    fs.mkdirSync(options.outDir, { recursive: true });
    const json = JSON.stringify(results, null, 2);
    fs.writeFileSync(path.join(options.outDir, "latest.json"), json);
    fs.writeFileSync(path.join(options.outDir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`), json);
  }
  return results;
}

if (/bench[\/]run\.ts$/.test(process.argv[1] ?? "")) {
  const options = parseBenchArgs(process.argv.slice(2));
  runBench(options)
    .then((results) => {
      console.log(`\n${formatTable(results)}\n`);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
