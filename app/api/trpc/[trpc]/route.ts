import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getAppDatabase } from "@/db/app-database";
import { markSmallJsonUncompressed } from "@/server/http/encode-response";
import { appRouter } from "@/server/root";
import { rateLimitHeaders } from "@/server/modules/access/rate-limit";
import { createContextFromHeaders } from "@/server/trpc";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const { db } = await getAppDatabase();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContextFromHeaders(db, req.headers),
    // A rate-limited API key gets 429 (TOO_MANY_REQUESTS) and is told when to come back.
    responseMeta({ ctx }) {
      if (ctx?.rateLimit && !ctx.rateLimit.allowed) return { headers: rateLimitHeaders(ctx.rateLimit) };
      return {};
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
  return markSmallJsonUncompressed(req.headers, response);
}

export { handler as GET, handler as POST };
