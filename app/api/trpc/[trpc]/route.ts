import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getAppDatabase } from "@/db/app-database";
import { appRouter } from "@/server/root";
import { createContextFromHeaders } from "@/server/trpc";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const { db } = await getAppDatabase();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContextFromHeaders(db, req.headers),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
