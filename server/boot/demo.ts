import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, messages, organizations, projects, stepMetrics, steps, tools } from "@/db/schema";
import { DEMO_API_KEY, DEMO_ORG_ID, DEMO_PROJECTS, DEMO_USER, demoRows } from "@/db/seed";
import { newId } from "@/server/ids";
import { ensureMembership, ensurePasswordUser, storeApiKey } from "@/server/modules/access";
import { rebuildHistograms } from "@/server/modules/percentiles";
import { createDemoInbox } from "@/server/modules/callbacks";
import { enqueueRunCallback, fillRunTools, insertRunsWithMetrics } from "@/server/modules/runs";

/** How many of the newest finished demo runs call back to the demo inbox (delivered by the worker once the app runs). */
const DEMO_CALLBACK_RUNS = 12;

/** Idempotent: the demo user exists and owns the demo org (when the demo org exists). Returns whether it does. */
export async function ensureDemoUser(db: Db): Promise<boolean> {
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, DEMO_ORG_ID));
  if (!org) return false;
  const userId = await ensurePasswordUser(db, DEMO_USER);
  await ensureMembership(db, { orgId: DEMO_ORG_ID, userId, role: "owner" });
  return true;
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 400) await insert(rows.slice(i, i + 400));
}

/**
 * Writes the demo organization (db/seed.ts's rows), its key and owner. Rows are written in bulk, not through the
 * use-cases, so that their timestamps can lie in the past and no callbacks fire for history. Null if already seeded.
 */
export async function seedDemoData(
  db: Db,
  options: { runCount?: number; now?: Date; callbacks?: boolean; onProgress?: (step: string) => void } = {},
) {
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, DEMO_ORG_ID));
  if (existing) return null;
  const progress = options.onProgress ?? (() => {});
  progress("building rows");
  const rows = demoRows({ runCount: options.runCount ?? 500, now: options.now ?? new Date(), newId });
  return db.transaction(async (tx) => {
    await tx.insert(organizations).values({ id: DEMO_ORG_ID, name: "Demo organization" });
    await tx.insert(projects).values(DEMO_PROJECTS);
    await storeApiKey(tx, { orgId: DEMO_ORG_ID, name: "demo key", token: DEMO_API_KEY });
    await ensureDemoUser(tx);
    await tx.insert(tools).values(rows.tools);
    await tx.insert(agents).values(rows.agents);
    // In development the newest finished runs call back to the app's own inbox: the worker delivers them after start,
    // so /callbacks shows deliveries, attempts and received callbacks at once (and `npm run simulate` has its endpoint).
    const inbox = options.callbacks ? await createDemoInbox(tx, DEMO_ORG_ID) : null;
    const calling = new Set(
      inbox
        ? rows.runs
            .filter((r) => r.completedAt)
            .sort((a, b) => b.completedAt!.getTime() - a.completedAt!.getTime())
            .slice(0, DEMO_CALLBACK_RUNS)
            .map((r) => r.id)
        : [],
    );
    if (inbox) for (const run of rows.runs) if (calling.has(run.id)) run.callbackUrl = inbox.url;
    progress(`writing ${rows.runs.length} runs`);
    const written = await insertRunsWithMetrics(tx, rows.runs);
    // The runs did not end through the runs module's finalizeRun: their run_tools rows and histograms are built here.
    await fillRunTools(tx, { orgId: DEMO_ORG_ID });
    progress(`writing ${rows.steps.length} steps and ${rows.messages.length} messages`);
    await insertChunked(rows.steps, (chunk) => tx.insert(steps).values(chunk));
    await insertChunked(rows.stepMetrics, (chunk) => tx.insert(stepMetrics).values(chunk));
    await insertChunked(rows.messages, (chunk) => tx.insert(messages).values(chunk));
    progress("building percentile histograms");
    await rebuildHistograms(tx, { orgId: DEMO_ORG_ID });
    const scope = { db: tx, orgId: DEMO_ORG_ID, projectId: null, actor: "demo-seed" };
    // After the messages: a callback body carries the run's messages and usage.
    for (const run of written) if (calling.has(run.id)) await enqueueRunCallback(tx, scope, run);
    return { runs: rows.runs.length, agents: rows.agents.length, steps: rows.steps.length };
  });
}
