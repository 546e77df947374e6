import { bigint, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * Mergeable log-bucket histograms of run durations and TTFTs (see server/modules/percentiles/histograms).
 *
 * One row per (organization, field, grain, agent, project, period, bucket) holding a count, so runs that end
 * at the same time only contend when they also fall in the same bucket, and an update is `count = count + 1`.
 * Roll-up levels live in the same table: `agent_id = '*'` sums over agents (project level) and
 * `agent_id = '*' and project_id = '*'` over the whole organization; `project_id = ''` is "no project".
 * `grain` is the period length in hours: 1 (UTC hour) or 24 (UTC day), or 0 for all time (period_start = the
 * epoch; org and project levels only, so an all-time percentile reads one row per bucket). Periods are by
 * `runs.created_at`, the column the time filters use.
 */
export const runHistograms = pgTable(
  "run_histograms",
  {
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** 0 = total_duration_ns, 1 = ttft_ns. */
    field: smallint("field").notNull(),
    grain: smallint("grain").notNull(),
    agentId: text("agent_id").notNull(),
    projectId: text("project_id").notNull(),
    periodStart: timestamp("period_start", { withTimezone: true, mode: "date" }).notNull(),
    /** ceil(log_γ(value)); -1 holds zeros. */
    bucket: smallint("bucket").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({
      name: "run_histograms_pkey",
      columns: [t.organizationId, t.field, t.grain, t.agentId, t.projectId, t.periodStart, t.bucket],
    }),
  ],
);
