/**
 * Callback delivery throughput: N due deliveries to a local receiver that answers 200 at once, drained by
 * `workers` in-process workers (each with its own pool on Postgres); prints and returns deliveries/s.
 *   npx tsx bench/callbacks.ts [--deliveries 2000] [--workers 2] [--concurrency 32]
 * Postgres when BENCH_DATABASE_URL (or DATABASE_URL) is set — a scratch database is created and dropped —,
 * else an in-memory PGlite (one worker: PGlite is one connection).
 */
import http from "node:http";
import type net from "node:net";
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { openPglite, openPostgres, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { callbackDeliveries, organizations } from "@/db/schema";
import { newId } from "@/server/ids";
import { CallbackWorker } from "@/server/modules/callbacks";

export interface BenchCallbacksOptions {
  deliveries?: number;
  workers?: number;
  concurrency?: number;
  /** Postgres admin URL; unset → in-memory PGlite. */
  databaseUrl?: string | null;
  log?: (line: string) => void;
}

export interface BenchEntry {
  name: string;
  value: number;
  unit: string;
  detail?: Record<string, unknown>;
}

async function openScratch(
  adminUrl: string | null,
): Promise<{ database: Database; drop: () => Promise<void>; url: string | null }> {
  if (!adminUrl) {
    const database = await openPglite({ memory: true });
    await migrateDatabase(database);
    return { database, drop: () => database.close(), url: null };
  }
  const { adminQuery, databaseUrl } = await import("@/test/helpers/postgres-admin");
  const name = `runtower_bench_callbacks_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = databaseUrl(adminUrl, name);
  const database = await openPostgres(url, { max: 8 });
  await migrateDatabase(database);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function benchCallbacks(options: BenchCallbacksOptions = {}): Promise<BenchEntry[]> {
  const total = options.deliveries ?? 2000;
  const adminUrl =
    options.databaseUrl === undefined
      ? (process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? null)
      : options.databaseUrl;
  const engine = adminUrl ? "postgres" : "pglite";
  const workers = engine === "pglite" ? 1 : (options.workers ?? 2);
  const concurrency = options.concurrency ?? 32;
  const log = options.log ?? console.log;

  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200).end("ok"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const { database, drop, url } = await openScratch(adminUrl);
  const pools: Database[] = [];
  try {
    const orgId = newId("org");
    await database.db.insert(organizations).values({ id: orgId, name: "bench" });
    const body = JSON.stringify({
      run_id: newId("run"),
      status: "completed",
      completed_at: new Date().toISOString(),
      metadata: { result: { messages: [] } },
    });
    for (let i = 0; i < total; i += 1000) {
      await database.db.insert(callbackDeliveries).values(
        Array.from({ length: Math.min(1000, total - i) }, () => ({
          id: newId("delivery"),
          organizationId: orgId,
          subjectId: newId("run"),
          event: "run.finished" as const,
          url: `http://127.0.0.1:${port}/hook`,
          body,
          nextAttemptAt: new Date(Date.now() - 1000),
        })),
      );
    }
    for (let i = 0; i < workers; i++) pools.push(i === 0 || !url ? database : await openPostgres(url, { max: 8 }));
    const running = pools.map(
      (p, i) =>
        new CallbackWorker({
          db: p.db,
          workerId: `bench-${i}`,
          policy: { allowedHosts: ["127.0.0.1"] },
          pollIntervalMs: 20,
          maxInFlight: concurrency,
          log: () => undefined,
        }),
    );
    const started = performance.now();
    running.forEach((w) => w.start());
    for (;;) {
      const [{ n }] = await database.db
        .select({ n: count() })
        .from(callbackDeliveries)
        .where(eq(callbackDeliveries.status, "delivered"));
      if (Number(n) >= total) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(running.map((w) => w.stop()));
    const value = Math.round((total / seconds) * 10) / 10;
    log(
      `callbacks.delivered_per_s ${value} deliveries/s (${total} deliveries, ${engine}, ${workers} worker(s) × ${concurrency} in flight, ${seconds.toFixed(2)} s)`,
    );
    return [
      {
        name: "callbacks.delivered_per_s",
        value,
        unit: "deliveries/s",
        detail: { total, engine, workers, concurrency, seconds },
      },
    ];
  } finally {
    for (const p of pools) if (p !== database) await p.close();
    await drop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  benchCallbacks({ deliveries: arg("deliveries"), workers: arg("workers"), concurrency: arg("concurrency") }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
