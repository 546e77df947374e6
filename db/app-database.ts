import { DEFAULT_PGLITE_DIR, openPglite, openPostgres, type Database } from "./client";
import { migrateDatabase } from "./migrate";

/** Where the app's database is (server/env.ts reads it from DATABASE_URL, DATABASE_POOL_SIZE, PGLITE_DATA_DIR). */
export interface AppDatabaseConfig {
  /** Postgres connection string; none: an embedded PGlite. */
  url?: string;
  poolSize: number;
  pgliteDir?: string;
}

/**
 * The app process's one database: Postgres when a url is given, else an embedded PGlite in ./.data/pglite,
 * migrated on first use (start-up work on it is server/boot's). The first caller's config wins.
 * Kept on globalThis so that dev-server module reloads reuse it: a second PGlite on the same data dir
 * in one process would corrupt it.
 */
const globalForDb = globalThis as unknown as { __runtowerDatabase?: Promise<Database> };

export function getAppDatabase(config: AppDatabaseConfig): Promise<Database> {
  globalForDb.__runtowerDatabase ??= openAppDatabase(config).catch((error) => {
    globalForDb.__runtowerDatabase = undefined;
    throw error;
  });
  return globalForDb.__runtowerDatabase;
}

async function openAppDatabase(config: AppDatabaseConfig): Promise<Database> {
  const database = config.url
    ? await openPostgres(config.url, { max: config.poolSize })
    : await openPglite({ dataDir: config.pgliteDir ?? DEFAULT_PGLITE_DIR });
  await migrateDatabase(database);
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
