/**
 * `npm run worker`: the callback delivery worker as a process of its own (Postgres only). Run as many as needed;
 * FOR UPDATE SKIP LOCKED gives each due attempt to exactly one of them. SIGTERM/SIGINT: stop claiming, finish the
 * attempts in flight, close the pool, exit 0. Set CALLBACK_WORKER=off on the app instances to leave delivery here.
 */
import { openPostgres } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/server/env";
import { CallbackWorker } from "@/server/modules/callbacks";

async function main() {
  const { DATABASE_URL: url, DATABASE_POOL_SIZE } = env();
  if (!url) {
    console.error(
      "[worker] refusing to start: DATABASE_URL is not set, so the database would be the embedded PGlite, which " +
        "belongs to one process (the app's). With PGlite the callback worker already runs inside `npm run dev` / " +
        "`npm start`. To run workers as separate processes, point DATABASE_URL at Postgres.",
    );
    process.exit(1);
  }
  const database = await openPostgres(url, { max: DATABASE_POOL_SIZE });
  await migrateDatabase(database);
  const worker = new CallbackWorker({ db: database.db, log: (m) => console.log(`[worker] ${m}`) });
  worker.start();
  console.log(`[worker] ${worker.workerId} delivering callbacks`);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing attempts in flight`);
    await worker.stop();
    await database.close();
    console.log("[worker] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (s) => void shutdown(s));
  process.on("SIGINT", (s) => void shutdown(s));
}

main().catch((error) => {
  console.error("[worker] failed:", error);
  process.exit(1);
});
