/** Opens (migrates, prepares) the database when the server boots, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getAppDatabase } = await import("./db/app-database");
    await getAppDatabase();
  }
}
