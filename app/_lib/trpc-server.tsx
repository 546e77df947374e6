import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache } from "react";
import { makeQueryClient } from "@/components/trpc/query-client";
import { appRouter } from "@/server/root";
import { serializeOutput } from "@/server/transformer";
import { requirePageScope } from "./page-scope";

/** One query client per server request, shared by every prefetch of that render; dehydrates with tRPC's serializer. */
export const getQueryClient = cache(() => makeQueryClient({ serializeData: serializeOutput }));

/**
 * Server-side tRPC options proxy: `await getServerTrpc()` then
 * `void getQueryClient().prefetchQuery(trpc.runs.list.queryOptions(filters))` in an RSC page; the client
 * reads the same key with `useSuspenseQuery(trpc.runs.list.queryOptions(filters))` inside <Suspense>.
 */
export const getServerTrpc = cache(async () => {
  const scope = await requirePageScope();
  return createTRPCOptionsProxy({
    router: appRouter,
    ctx: { db: scope.db, scope },
    queryClient: getQueryClient,
  });
});

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
