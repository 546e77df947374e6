import { MIGRATIONS_FOLDER, type Database } from "./client";
import * as schema from "./schema";

// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK_KEY = 727_001;

/** Applies committed drizzle-kit migrations with the same code on both engines. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.engine === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  if (!database.url) throw new Error("migrateDatabase: a Postgres database needs its url");
  const [{ Client }, { drizzle }, { migrate }] = await Promise.all([
    import("pg"),
    import("drizzle-orm/node-postgres"),
    import("drizzle-orm/node-postgres/migrator"),
  ]);
  // Several app instances or a worker may start together: a session advisory lock on one dedicated
  // connection makes them migrate one at a time.
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}
