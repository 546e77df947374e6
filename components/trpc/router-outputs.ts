import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

/** What each procedure returns, as the client receives it: components type their props from this, never by hand. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** One row of `runs.list` (the runs table, its column catalogue and exports). */
export type RunListItem = RouterOutputs["runs"]["list"]["items"][number];
export type RunStatus = RouterOutputs["runs"]["get"]["status"];
export type Permission = RouterOutputs["me"]["get"]["permissions"][number];
