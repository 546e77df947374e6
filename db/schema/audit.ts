import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Append-only record of who did what: cancelled or deleted runs, redelivered callbacks, rotated secrets,
 * created or revoked API keys. Written in the same transaction as the action (server/modules/audit/audit.ts);
 * a trigger refuses UPDATE and DELETE. No foreign key: the record outlives what it describes.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    /** `user`, `api_key` or `system`. */
    actorType: text("actor_type").notNull(),
    /** A user id (`user-…`), an API key id (`key-…`), or a system name. */
    actorId: text("actor_id").notNull(),
    /** Dotted verb, e.g. `run.cancel`, `api_key.create`. */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_org_created_idx").on(t.organizationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_log_org_target_idx").on(t.organizationId, t.targetType, t.targetId),
  ],
);
