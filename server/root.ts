import { agentsRouter } from "@/server/routers/agents";
import { batchesRouter } from "@/server/routers/batches";
import { metricsRouter } from "@/server/routers/metrics";
import { runsRouter } from "@/server/routers/runs";
import { stepsRouter } from "@/server/routers/steps";
import { createCallerFactory, router } from "@/server/trpc";

export const appRouter = router({
  agents: agentsRouter,
  runs: runsRouter,
  steps: stepsRouter,
  metrics: metricsRouter,
  batches: batchesRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller for RSC prefetches and tests: same procedures, same validation, no HTTP. */
export const createCaller = createCallerFactory(appRouter);
