import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/root";
import { E2E_INIT } from "./app-server";

export type AppClient = ReturnType<typeof createTRPCClient<AppRouter>>;

const initKey = () => ({ authorization: `Bearer ${E2E_INIT.RUNTOWER_INIT_API_KEY}` });

/**
 * A typed tRPC client of a running app, as internal tools make one: by default with the headless start-up API key
 * and batching. `headers` is read per request (a test may sign in or switch keys between calls); `batch: false`
 * sends one call per request, as tests that count requests or read per-call answers need.
 */
export function appClient(
  baseUrl: string,
  headers: () => Record<string, string | undefined> = initKey,
  { batch = true }: { batch?: boolean } = {},
): AppClient {
  const options = { url: `${baseUrl}/api/trpc`, transformer: superjson, headers };
  return createTRPCClient<AppRouter>({ links: [batch ? httpBatchLink(options) : httpLink(options)] });
}
