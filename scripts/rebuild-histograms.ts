/**
 * Recomputes the run duration/TTFT histograms from the runs table (back-fills, bulk loads, repairs).
 *   npm run histograms:rebuild                 # every organization
 *   npm run histograms:rebuild -- --org org-…  # one organization
 * Uses DATABASE_URL (Postgres) or the app's PGlite data dir, like the app itself.
 */
import { getApp } from "@/server/boot";
import { rebuildHistograms } from "@/server/modules/percentiles";

async function main() {
  const orgFlag = process.argv.indexOf("--org");
  const orgId = orgFlag >= 0 ? process.argv[orgFlag + 1] : undefined;
  const started = Date.now();
  const database = await getApp();
  try {
    const { rows } = await rebuildHistograms(database.db, { orgId });
    console.log(`[runtower] rebuilt ${rows} histogram rows${orgId ? ` for ${orgId}` : ""} in ${Date.now() - started} ms`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
