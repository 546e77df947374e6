import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openPglite, openPostgres, type Database } from "@/db/client";
import { adminQuery, databaseUrl } from "./postgres-admin";

export const TEST_ENGINE = (process.env.TEST_ENGINE ?? "pglite") as "pglite" | "postgres";

/**
 * A fresh, migrated database of this file's own, on the engine of the running project:
 * PGlite restored from the migrated snapshot, or a Postgres database copied from the template.
 */
export async function openTestDatabase(): Promise<Database> {
  if (TEST_ENGINE === "pglite") {
    const snapshot = new Blob([fs.readFileSync(inject("pgliteSnapshotPath"))]);
    return openPglite({ snapshot });
  }
  const adminUrl = inject("postgresAdminUrl");
  const name = `${inject("postgresTemplate").replace("_tmpl_", "_t_")}_${randomBytes(6).toString("hex")}`;
  // Template copies fail while another session is connected to the template; files start together, so retry.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(adminUrl, `create database ${name} template ${inject("postgresTemplate")}`);
      break;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes("being accessed by other users")) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const database = await openPostgres(databaseUrl(adminUrl, name), { max: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
