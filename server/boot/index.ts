/**
 * The app process's start-up: open and migrate the database (db/app-database.ts), then make sure the
 * RUNTOWER_INIT_* organization, project, key and user exist, and seed the demo where it is wanted.
 * Route handlers, pages, server actions, instrumentation and scripts get the database through `getApp()`.
 */
import type { Database } from "@/db/client";
import { getAppDatabase } from "@/db/app-database";
import { env, productionSecretProblems, type Env } from "@/server/env";
import { ensureInitResources, readInitConfig } from "@/server/modules/access";
import { ensureDemoUser, seedDemoData } from "./demo";

export { ensureDemoUser, seedDemoData };

const globalForApp = globalThis as unknown as { __runtowerApp?: Promise<Database> };

/** The app's database, opened, migrated and prepared once per process. */
export function getApp(): Promise<Database> {
  globalForApp.__runtowerApp ??= openApp().catch((error) => {
    globalForApp.__runtowerApp = undefined;
    throw error;
  });
  return globalForApp.__runtowerApp;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function openApp(): Promise<Database> {
  const { DATABASE_URL, DATABASE_POOL_SIZE, PGLITE_DATA_DIR } = env();
  const started = performance.now();
  // Progress on the console: a first start (migrations, demo seed) would otherwise sit silent for many seconds.
  console.log(
    `[runtower] opening ${DATABASE_URL ? "Postgres" : `PGlite in ${PGLITE_DATA_DIR ?? "./.data/pglite"}`} and applying migrations…`,
  );
  const database = await getAppDatabase({ url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE, pgliteDir: PGLITE_DATA_DIR });
  console.log(`[runtower] database ready (${seconds(started)})`);
  await prepareApp(database);
  console.log(`[runtower] started in ${seconds(started)}`);
  return database;
}

/** Start-up work after migrations: the RUNTOWER_INIT_* resources, then the demo data where `shouldSeedDemo`. */
export async function prepareApp(database: Database, config: Env = env()): Promise<void> {
  const init = readInitConfig(config);
  if (init) await ensureInitResources(database.db, init);
  if (!shouldSeedDemo(config)) return;
  const started = performance.now();
  const seeded = await seedDemoData(database.db, {
    callbacks: config.NODE_ENV === "development",
    onProgress: (step) => console.log(`[runtower] demo data: ${step}…`),
  });
  if (seeded)
    console.log(`[runtower] seeded demo data: ${seeded.runs} runs across ${seeded.agents} agents (${seconds(started)})`);
  // Demo databases seeded before sign-in existed get their demo user too.
  await ensureDemoUser(database.db);
}

/**
 * Demo data (a known API key and password) only where nobody relies on it being secret: in development, or when
 * RUNTOWER_SEED_DEMO=true asks for it. A production start never seeds by default, on either engine.
 */
export function shouldSeedDemo(config: Pick<Env, "RUNTOWER_SEED_DEMO" | "NODE_ENV">): boolean {
  if (config.RUNTOWER_SEED_DEMO) return config.RUNTOWER_SEED_DEMO === "true";
  return config.NODE_ENV === "development";
}

/**
 * Exits the process (code 1) when the environment is invalid or a production start lacks its secrets, before the
 * server answers anything: called first by instrumentation.ts.
 */
export function exitUnlessBootable(): void {
  let problems: string[];
  try {
    problems = productionSecretProblems(env());
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length === 0) return;
  console.error(`[runtower] refusing to start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
