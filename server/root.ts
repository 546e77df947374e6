import { agentsRouter } from "@/server/modules/agents/router";
import { apiKeysRouter, meRouter, membersRouter } from "@/server/modules/access/router";
import { auditRouter } from "@/server/modules/audit/router";
import { analyticsRouter } from "@/server/modules/analytics/router";
import { batchesRouter } from "@/server/modules/batches/router";
import { callbacksRouter } from "@/server/modules/callbacks/router";
import { metricsRouter } from "@/server/modules/percentiles/router";
import { runsRouter } from "@/server/modules/runs/router";
import { stepsRouter } from "@/server/modules/steps/router";
import { viewsRouter } from "@/server/modules/views/router";
import { createCallerFactory, router } from "@/server/trpc";

export const appRouter = router({
  agents: agentsRouter,
  analytics: analyticsRouter,
  runs: runsRouter,
  steps: stepsRouter,
  metrics: metricsRouter,
  batches: batchesRouter,
  callbacks: callbacksRouter,
  views: viewsRouter,
  me: meRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  members: membersRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller for RSC prefetches and tests: same procedures, same validation, no HTTP. */
export const createCaller = createCallerFactory(appRouter);
