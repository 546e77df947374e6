import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getApp } from "@/server/boot";
import { requestWithinBodyLimit } from "@/server/http/body-limit";
import { markSmallJsonUncompressed } from "@/server/http/encode-response";
import { rateLimitHeaders } from "@/server/http/errors";
import { appRouter } from "@/server/root";
import { createContextFromHeaders, unexpectedErrorId } from "@/server/trpc";

export const dynamic = "force-dynamic";

async function handler(request: Request) {
  // Read (up to RUNTOWER_MAX_BODY_BYTES) before tRPC parses it; past the limit: 413.
  const req = await requestWithinBodyLimit(request);
  if (req instanceof Response) return req;
  const { db } = await getApp();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // Every call of a batch is counted against the caller's rate limit.
    createContext: ({ info }) => createContextFromHeaders(db, req.headers, info.calls.length),
    // A call refused by the rate limit is told when to come back.
    responseMeta({ ctx, errors }) {
      const limited = ctx?.rateLimit && errors.some((error) => error.code === "TOO_MANY_REQUESTS");
      return limited ? { headers: rateLimitHeaders(ctx.rateLimit!) } : {};
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") unexpectedErrorId(error, path);
    },
  });
  return markSmallJsonUncompressed(req.headers, response);
}

export { handler as GET, handler as POST };
