import type { Database } from "./client";
import { ensureInitResources, readInitConfig } from "@/server/modules/access/bootstrap";

/**
 * Start-up work after migrations: the RUNTOWER_INIT_* org/project/key, and demo data on a fresh
 * embedded database (or wherever RUNTOWER_SEED_DEMO=true asks for it).
 */
export async function prepareDatabase(database: Database): Promise<void> {
  const init = readInitConfig();
  if (init) await ensureInitResources(database.db, init);
  if (shouldSeedDemo(database)) {
    const { ensureDemoUser, seedDemoData } = await import("./seed");
    const seeded = await seedDemoData(database.db);
    if (seeded) console.log(`[runtower] seeded demo data: ${seeded.runs} runs across ${seeded.agents} agents`);
    // Demo databases seeded before sign-in existed get their demo user too.
    await ensureDemoUser(database.db);
  }
}

function shouldSeedDemo(database: Database): boolean {
  const flag = process.env.RUNTOWER_SEED_DEMO;
  if (flag === "true") return true;
  if (flag === "false") return false;
  // Zero-setup default: the embedded database is for trying Runtower, so it starts populated.
  return database.engine === "pglite" || process.env.NODE_ENV === "development";
}
