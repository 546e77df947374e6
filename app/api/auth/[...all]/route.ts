import { getAppDatabase } from "@/db/app-database";
import { getAuth } from "@/server/modules/access/auth";

export const dynamic = "force-dynamic";

/** better-auth's endpoints (/api/auth/sign-in/email, /sign-up/email, /sign-out, /get-session, …). */
async function handler(req: Request) {
  const { db } = await getAppDatabase();
  return getAuth(db).handler(req);
}

export { handler as GET, handler as POST };
