import { DEFAULT_PGLITE_DIR, openPglite, openPostgres, type Database } from "./client";
import { migrateDatabase } from "./migrate";

/**
 * The app process's one database: Postgres when DATABASE_URL is set, else an embedded PGlite in
 * ./.data/pglite, migrated (and, for the demo, seeded) on first use.
 * Kept on globalThis so that dev-server module reloads reuse it: a second PGlite on the same data dir
 * in one process would corrupt it.
 */
const globalForDb = globalThis as unknown as { __runtowerDatabase?: Promise<Database> };

export function getAppDatabase(): Promise<Database> {
  globalForDb.__runtowerDatabase ??= openAppDatabase().catch((error) => {
    globalForDb.__runtowerDatabase = undefined;
    throw error;
  });
  return globalForDb.__runtowerDatabase;
}

async function openAppDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const database = url
    ? await openPostgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })
    : await openPglite({ dataDir: process.env.PGLITE_DATA_DIR ?? DEFAULT_PGLITE_DIR });
  await migrateDatabase(database);
  const { prepareDatabase } = await import("./prepare");
  await prepareDatabase(database);
  closeOnExit(database);
  return database;
}

function closeOnExit(database: Database) {
  // With NEXT_MANUAL_SIG_HANDLE=1 Next leaves signals to us: close PGlite cleanly (it flushes its files) and exit.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    database
      .close()
      .catch((error) => console.error(`[db] error while closing on ${signal}:`, error))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
