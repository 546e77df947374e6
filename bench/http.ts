import type { Db } from "@/db/client";
import { randomBytes } from "node:crypto";
import { reloadEnv } from "@/server/env";
import { generateApiKeyToken, storeApiKey } from "@/server/modules/access";
import { ensureNextBuild, freePort, startNextProcess } from "@/test/helpers/next-process";
import type { BenchResult } from "./lib";
import { round } from "./lib";

/**
 * tRPC runs.list over HTTP against `next start` on the bench database, at a fixed request rate (autocannon).
 * Uses the build in BENCH_NEXT_DIST_DIR (default .next-bench), building it first if it is missing.
 */
export async function benchHttp(options: {
  db: Db;
  databaseUrl: string;
  orgId: string;
  rate: number;
  seconds: number;
  baselineMs: number;
  log: (line: string) => void;
}): Promise<BenchResult[]> {
  const distDir = process.env.BENCH_NEXT_DIST_DIR ?? ".next-bench";
  // A production start needs both secrets; the key stored below must be hashed with the server's pepper.
  process.env.RUNTOWER_KEY_PEPPER ??= randomBytes(32).toString("base64");
  process.env.BETTER_AUTH_SECRET ??= randomBytes(32).toString("base64");
  reloadEnv();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "1",
    DATABASE_URL: options.databaseUrl,
    RUNTOWER_SEED_DEMO: "false",
    RUNTOWER_RATE_LIMIT_PER_MINUTE: process.env.BENCH_RATE_LIMIT_PER_MINUTE ?? String(options.rate * 120),
  };
  ensureNextBuild(env, options.log);
  const token = generateApiKeyToken();
  await storeApiKey(options.db, { orgId: options.orgId, projectId: null, name: "bench http", token });
  const port = await freePort();
  const server = await startNextProcess(port, env);
  const url = server.url;
  try {
    const input = encodeURIComponent(JSON.stringify({ json: { limit: 100 } }));
    const target = `${url}/api/trpc/runs.list?input=${input}`;
    const headers = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 20; i++) await fetch(target, { headers }); // warm-up (JIT, pool)
    const { default: autocannon } = await import("autocannon");
    const result = await autocannon({
      url: target,
      headers,
      connections: Math.max(4, Math.ceil(options.rate / 20)),
      overallRate: options.rate,
      duration: options.seconds,
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    const failed = errors > 0 ? `${errors} errors (${result.non2xx} non-2xx, ${result.timeouts} timeouts)` : undefined;
    const row = (name: string, value: number, unit: string, baseline: number | null): BenchResult => ({
      name,
      value: round(value),
      baseline,
      ratio: baseline == null || value === 0 ? null : round(baseline / value),
      unit,
      ...(failed ? { error: failed } : {}),
    });
    options.log(
      `  http: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.total} requests, ${errors} errors`,
    );
    return [
      row("http.pg.runs_list.p50", result.latency.p50, "ms (baseline: in-process service time)", options.baselineMs),
      row("http.pg.runs_list.p99", result.latency.p99, "ms (baseline: target 50 ms)", 50),
      { name: "http.pg.runs_list.errors", value: errors, baseline: 0, ratio: null, unit: "errors" },
      {
        name: "http.pg.runs_list.requests_per_s",
        value: round(result.requests.average),
        baseline: options.rate,
        ratio: round(result.requests.average / options.rate),
        unit: "req/s",
      },
    ];
  } finally {
    await server.stop();
  }
}
