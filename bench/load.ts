/**
 * Mixed read/write load over tRPC HTTP at a fixed rate (open loop: request i is sent at start + i/rate whatever
 * the answers), then a count of lost writes in the database.
 *
 *   npx tsx bench/load.ts [--rate 200] [--seconds 60]     (standalone: own database, own `next start`)
 *   npm run bench -- --only load [--load-rate 200] [--load-seconds 60]   (section `load.pg.*` of the bench)
 *
 * Mix: runs.create 20 %, steps.create 25 %, runs.update to a terminal status 15 %, runs.list 15 %, runs.get 15 %,
 * metrics.percentiles 10 %. Every write goes to one fresh agent, so afterwards the agent's runs and steps in
 * Postgres must be exactly the acknowledged ones, and every acknowledged terminal update must be there.
 * The server runs with RUNTOWER_RATE_LIMIT_PER_MINUTE=0 (per-key limiting off): one key sends all the load.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import pg from "pg";
import { ensureNextBuild, freePort, startNextProcess } from "@/test/helpers/next-process";
import type { BenchResult } from "./lib";
import { round } from "./lib";
import { adminQuery, databaseUrl } from "@/test/helpers/postgres-admin";

export interface LoadReport {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  errors: number;
  /** Up to 10 error descriptions (status and message). */
  errorSamples: string[];
  achievedPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  byOp: Record<string, number>;
  /** Median latency per procedure (ms). */
  p50ByOp: Record<string, number>;
  acknowledged: { runs: number; steps: number; terminal: number };
  /** Acknowledged writes missing from the database (must be 0). */
  lost: { runs: number; steps: number; terminal: number };
  /** Rows of the load's agent that no acknowledged call created (a failed call that wrote anyway). */
  unacknowledged: { runs: number; steps: number };
}

type Op = "runs.create" | "steps.create" | "runs.update" | "runs.list" | "runs.get" | "metrics.percentiles";
const MIX: [Op, number][] = [
  ["runs.create", 0.2],
  ["steps.create", 0.25],
  ["runs.update", 0.15],
  ["runs.list", 0.15],
  ["runs.get", 0.15],
  ["metrics.percentiles", 0.1],
];
const TERMINAL = ["completed", "failed", "cancelled"] as const;

function pick(): Op {
  let r = Math.random();
  for (const [op, w] of MIX) if ((r -= w) < 0) return op;
  return "runs.get";
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;

/**
 * A tRPC-over-HTTP caller on node:http with kept-alive connections. fetch (undici) spent about 2 ms of CPU per
 * call here, a fifth of a core at 200 req/s taken from the server under test on the same 2 cores. It still asks
 * for gzip, as fetch does, so the server compresses what it would for a real client.
 */
function loadClient(baseUrl: string, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(baseUrl);
  const request = (method: "GET" | "POST", path: string, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}`, "accept-encoding": "gzip" };
      if (body !== undefined)
        Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      const req = http.request({ agent, host: url.hostname, port: url.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
          resolve({ status: res.statusCode ?? 0, text });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  return async (procedure: string, input: unknown, mutation: boolean): Promise<unknown> => {
    const body = JSON.stringify({ json: input });
    const res = mutation
      ? await request("POST", `/api/trpc/${procedure}`, body)
      : await request("GET", `/api/trpc/${procedure}?input=${encodeURIComponent(body)}`);
    if (res.status < 200 || res.status >= 300) throw new Error(`${procedure} → HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    return (JSON.parse(res.text) as { result: { data: { json: unknown } } }).result.data.json;
  };
}

/** Runs the load against a running server (`url`, API `token`) and checks the database at `databaseUrl`. */
export async function runLoad(options: {
  url: string;
  token: string;
  databaseUrl: string;
  rate: number;
  seconds: number;
  log?: (line: string) => void;
}): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const call = loadClient(options.url, options.token);

  const agent = (await call("agents.create", { name: `load ${randomBytes(3).toString("hex")}` }, true)) as { id: string };
  // Warm-up (JIT, pool, route compilation): not counted, and writes nothing of the agent's.
  for (let i = 0; i < 10; i++) {
    await call("runs.list", { limit: 20, agentIds: [agent.id] }, false).catch(() => undefined);
    await call("metrics.percentiles", { agentIds: [agent.id] }, false).catch(() => undefined);
  }

  const createdRuns = new Set<string>();
  const createdSteps = new Set<string>();
  const terminalOf = new Map<string, string>();
  const open = new Map<string, number>(); // open run → steps.create calls in flight on it
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  const byOp: Record<string, number> = {};
  const opLatencies: Record<string, number[]> = {};
  let errors = 0;
  let ok = 0;

  const one = async (op: Op) => {
    const openIds = [...open.keys()];
    const anyRun = openIds.length ? openIds[Math.floor(Math.random() * openIds.length)] : [...createdRuns][0];
    if ((op === "steps.create" || op === "runs.update" || op === "runs.get") && !anyRun) op = "runs.create";
    if (op === "steps.create" && !openIds.length) op = "runs.create";
    byOp[op] = (byOp[op] ?? 0) + 1;
    const started = performance.now();
    try {
      switch (op) {
        case "runs.create": {
          const run = (await call("runs.create", { agentId: agent.id, metadata: { load: true } }, true)) as { id: string };
          createdRuns.add(run.id);
          open.set(run.id, 0);
          break;
        }
        case "steps.create": {
          open.set(anyRun, (open.get(anyRun) ?? 0) + 1);
          try {
            const step = (await call("steps.create", { runId: anyRun, promptTokens: 12, completionTokens: 7 }, true)) as {
              id: string;
            };
            createdSteps.add(step.id);
          } finally {
            if (open.has(anyRun)) open.set(anyRun, open.get(anyRun)! - 1);
          }
          break;
        }
        case "runs.update": {
          // Only a run with no step in flight is ended, so no step is refused for arriving after the end.
          const idle = [...open.entries()].find(([, inFlight]) => inFlight === 0)?.[0];
          if (!idle) {
            await call("runs.get", { runId: anyRun }, false);
            break;
          }
          open.delete(idle);
          const status = TERMINAL[Math.floor(Math.random() * TERMINAL.length)];
          await call("runs.update", { runId: idle, status, ttftNs: 1_000_000 + Math.floor(Math.random() * 5e8) }, true);
          terminalOf.set(idle, status);
          break;
        }
        case "runs.list":
          await call("runs.list", { limit: 50, agentIds: [agent.id] }, false);
          break;
        case "runs.get":
          await call("runs.get", { runId: anyRun }, false);
          break;
        case "metrics.percentiles":
          await call("metrics.percentiles", { agentIds: [agent.id], percentiles: [50, 95, 99] }, false);
          break;
      }
      ok++;
      latencies.push(performance.now() - started);
      (opLatencies[op] ??= []).push(performance.now() - started);
    } catch (error) {
      errors++;
      const cause = error instanceof Error && error.cause ? ` (${String(error.cause)})` : "";
      if (errorSamples.length < 10) errorSamples.push(`${op}: ${error instanceof Error ? error.message : String(error)}${cause}`);
    }
  };

  const total = Math.round(options.rate * options.seconds);
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p: Promise<void> = one(pick()).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all([...inFlight]);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);

  // Lost writes: compare what the server acknowledged with what Postgres holds for the load's agent.
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  let lost: LoadReport["lost"];
  let unacknowledged: LoadReport["unacknowledged"];
  try {
    const runs = await client.query<{ id: string; status: string }>("select id, status from runs where agent_id = $1", [
      agent.id,
    ]);
    const steps = await client.query<{ id: string }>("select id from steps where agent_id = $1", [agent.id]);
    const runStatus = new Map(runs.rows.map((r) => [r.id, r.status]));
    const stepIds = new Set(steps.rows.map((s) => s.id));
    lost = {
      runs: [...createdRuns].filter((id) => !runStatus.has(id)).length,
      steps: [...createdSteps].filter((id) => !stepIds.has(id)).length,
      terminal: [...terminalOf].filter(([id, status]) => runStatus.get(id) !== status).length,
    };
    unacknowledged = {
      runs: runs.rows.filter((r) => !createdRuns.has(r.id)).length,
      steps: steps.rows.filter((s) => !createdSteps.has(s.id)).length,
    };
  } finally {
    await client.end();
  }
  const report: LoadReport = {
    rate: options.rate,
    seconds: options.seconds,
    sent: total,
    ok,
    errors,
    errorSamples,
    achievedPerSecond: round(ok / elapsed),
    p50: round(quantile(latencies, 0.5)),
    p99: round(quantile(latencies, 0.99)),
    max: round(latencies[latencies.length - 1] ?? NaN),
    byOp,
    p50ByOp: Object.fromEntries(
      Object.entries(opLatencies).map(([op, xs]) => [
        op,
        round(
          quantile(
            xs.sort((a, b) => a - b),
            0.5,
          ),
        ),
      ]),
    ),
    acknowledged: { runs: createdRuns.size, steps: createdSteps.size, terminal: terminalOf.size },
    lost,
    unacknowledged,
  };
  log(
    `  load: ${report.ok}/${report.sent} ok at ${report.achievedPerSecond} req/s (target ${options.rate}), p50 ${report.p50} ms, ` +
      `p99 ${report.p99} ms, ${errors} errors; acknowledged ${JSON.stringify(report.acknowledged)}, lost ${JSON.stringify(lost)}, ` +
      `unacknowledged ${JSON.stringify(unacknowledged)}`,
  );
  log(`  load: p50 by procedure ${JSON.stringify(report.p50ByOp)}`);
  for (const sample of errorSamples) log(`    error: ${sample}`);
  return report;
}

/** The report as bench rows (`load.pg.*`). */
export function loadResults(report: LoadReport): BenchResult[] {
  const lost = report.lost.runs + report.lost.steps + report.lost.terminal;
  const failed = report.errors > 0 || lost > 0 ? `${report.errors} errors, ${lost} lost writes` : undefined;
  const row = (name: string, value: number, baseline: number | null, unit: string, ratio: number | null = null): BenchResult => ({
    name,
    value,
    baseline,
    ratio,
    unit,
    ...(failed ? { error: failed } : {}),
  });
  return [
    row(
      "load.pg.requests_per_s",
      report.achievedPerSecond,
      report.rate,
      "req/s (mixed reads/writes; baseline: target)",
      round(report.achievedPerSecond / report.rate),
    ),
    row("load.pg.p50", report.p50, null, "ms"),
    row("load.pg.p99", report.p99, null, "ms"),
    row("load.pg.errors", report.errors, 0, `errors of ${report.sent}`),
    row(
      "load.pg.lost_writes",
      lost,
      0,
      `lost of ${report.acknowledged.runs + report.acknowledged.steps + report.acknowledged.terminal} acknowledged writes`,
    ),
  ];
}

/**
 * `next start` on `databaseUrl` with the headless init key (RUNTOWER_INIT_*), per-key rate limiting off, built into
 * BENCH_NEXT_DIST_DIR (default .next-bench) first if needed; runs the load and stops the server.
 */
export async function benchLoad(options: {
  databaseUrl: string;
  rate: number;
  seconds: number;
  log: (line: string) => void;
}): Promise<LoadReport> {
  const distDir = process.env.BENCH_NEXT_DIST_DIR ?? ".next-bench";
  const token = `rt_load_${randomBytes(12).toString("hex")}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "1",
    DATABASE_URL: options.databaseUrl,
    RUNTOWER_SEED_DEMO: "false",
    RUNTOWER_RATE_LIMIT_PER_MINUTE: "0",
    RUNTOWER_INIT_ORG_ID: `org-${randomUUID()}`,
    RUNTOWER_INIT_PROJECT_ID: `project-${randomUUID()}`,
    RUNTOWER_INIT_API_KEY: token,
    RUNTOWER_INIT_USER_EMAIL: "load@bench.runtower.dev",
    RUNTOWER_INIT_USER_PASSWORD: randomBytes(12).toString("hex"),
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? randomBytes(24).toString("hex"),
    RUNTOWER_KEY_PEPPER: process.env.RUNTOWER_KEY_PEPPER ?? randomBytes(24).toString("hex"),
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
  };
  ensureNextBuild(env, options.log);
  const server = await startNextProcess(port, env);
  const url = server.url;
  try {
    return await runLoad({
      url,
      token,
      databaseUrl: options.databaseUrl,
      rate: options.rate,
      seconds: options.seconds,
      log: options.log,
    });
  } finally {
    await server.stop();
  }
}

if (/bench[\/]load\.ts$/.test(process.argv[1] ?? "")) {
  const argv = process.argv.slice(2);
  const num = (flag: string, fallback: number) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : fallback);
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `runtower_load_${randomBytes(4).toString("hex")}`;
  (async () => {
    await adminQuery(adminUrl, `create database ${name}`);
    try {
      const report = await benchLoad({
        databaseUrl: databaseUrl(adminUrl, name),
        rate: num("--rate", 200),
        seconds: num("--seconds", 60),
        log: console.log,
      });
      console.log(JSON.stringify(report, null, 2));
      const lost = report.lost.runs + report.lost.steps + report.lost.terminal;
      process.exitCode = report.errors === 0 && lost === 0 ? 0 : 1;
    } finally {
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    }
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
