import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Request counters per subject (an API key id) and fixed window; the limiter reads the current and previous
 * windows to approximate a sliding window (server/modules/access/rate-limit.ts). Old windows are pruned as it goes.
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    organizationId: text("organization_id").notNull(),
    subject: text("subject").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.subject, t.windowStart] })],
);
