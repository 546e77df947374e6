import type { CallbackStatsInput } from "@/server/modules/analytics/schemas";
import type { ListDeliveriesInput, ListEndpointsInput, ListReceivedInput } from "@/server/modules/callbacks/schemas";

/** The inputs the callbacks page prefetches and reads (one place, so the query keys match). */
export const CALLBACK_QUERIES = {
  deliveries: { limit: 50, includeBody: false, ascending: false } satisfies ListDeliveriesInput,
  endpoints: { limit: 100, ascending: false } satisfies ListEndpointsInput,
  received: { limit: 50, ascending: false } satisfies ListReceivedInput,
  health: { range: "7d" } satisfies CallbackStatsInput,
};
