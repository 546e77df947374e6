import { sql } from "drizzle-orm";
import { getApp } from "@/server/boot";

export const dynamic = "force-dynamic";

/** Readiness: answers 200 once the database is open, migrated and answering. */
export async function GET() {
  try {
    const database = await getApp();
    await database.db.execute(sql`select 1`);
    return Response.json({ ok: true, engine: database.engine });
  } catch (error) {
    return Response.json({ ok: false, error: String(error) }, { status: 503 });
  }
}
