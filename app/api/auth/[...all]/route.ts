import { getApp } from "@/server/boot";
import { requestWithinBodyLimit } from "@/server/http/body-limit";
import { getAuth } from "@/server/modules/access";

export const dynamic = "force-dynamic";

/** better-auth's endpoints (/api/auth/sign-in/email, /sign-up/email, /sign-out, /get-session, …). */
async function handler(request: Request) {
  // Read (up to RUNTOWER_MAX_BODY_BYTES) before better-auth parses it; past the limit: 413.
  const req = await requestWithinBodyLimit(request);
  if (req instanceof Response) return req;
  const { db } = await getApp();
  return getAuth(db).handler(req);
}

export { handler as GET, handler as POST };
