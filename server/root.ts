import { agentsRouter } from "@/server/modules/agents/router";
import { apiKeysRouter } from "@/server/modules/access/api-keys-router";
import { auditRouter } from "@/server/modules/audit/router";
import { analyticsRouter } from "@/server/modules/analytics/router";
import { batchesRouter } from "@/server/modules/batches/router";
import { callbacksRouter } from "@/server/modules/callbacks/router";
import { meRouter } from "@/server/modules/access/me-router";
import { membersRouter } from "@/server/modules/access/members-router";
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
