import { getApp } from "@/server/boot";
import { getAuth } from "@/server/modules/access";

export const dynamic = "force-dynamic";

/** better-auth's endpoints (/api/auth/sign-in/email, /sign-up/email, /sign-out, /get-session, …). */
async function handler(req: Request) {
  const { db } = await getApp();
  return getAuth(db).handler(req);
}

export { handler as GET, handler as POST };
