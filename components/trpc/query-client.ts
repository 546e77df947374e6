import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";
import { serializeOutput } from "@/server/transformer";

/** One factory for the server (per request) and the browser (once): superjson keeps Dates across hydration. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // The server just sent this data: the client must not refetch it on mount.
      queries: { staleTime: 30_000 },
      dehydrate: {
        // Runs on the server only (dehydrating RSC prefetches): the same fast, superjson-identical serializer as tRPC.
        serializeData: serializeOutput,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
