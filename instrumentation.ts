/** Opens (migrates, prepares) the database when the server boots, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getAppDatabase } = await import("./db/app-database");
    const database = await getAppDatabase();
    // The callback delivery worker runs inside the app unless CALLBACK_WORKER=off (then: npm run worker).
    const { startInAppWorker } = await import("./server/modules/callbacks");
    startInAppWorker(database.db);
  }
}
