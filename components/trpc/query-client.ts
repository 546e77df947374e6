import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

/**
 * One factory for the server (per request) and the browser (once): superjson keeps Dates across hydration.
 * `serializeData` is used when dehydrating, which only the server does: app/_lib/trpc-server passes tRPC's own
 * response serializer (superjson-identical, faster), so this file stays free of server imports.
 */
export function makeQueryClient({ serializeData = superjson.serialize }: { serializeData?: (data: unknown) => unknown } = {}) {
  return new QueryClient({
    defaultOptions: {
      // The server just sent this data: the client must not refetch it on mount.
      queries: { staleTime: 30_000 },
      dehydrate: {
        serializeData,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
