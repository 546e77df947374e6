import { agentsRouter } from "@/server/routers/agents";
import { apiKeysRouter } from "@/server/routers/api-keys";
import { auditRouter } from "@/server/routers/audit";
import { analyticsRouter } from "@/server/routers/analytics";
import { batchesRouter } from "@/server/routers/batches";
import { callbacksRouter } from "@/server/routers/callbacks";
import { meRouter } from "@/server/routers/me";
import { membersRouter } from "@/server/routers/members";
import { metricsRouter } from "@/server/routers/metrics";
import { runsRouter } from "@/server/routers/runs";
import { stepsRouter } from "@/server/routers/steps";
import { viewsRouter } from "@/server/routers/views";
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
