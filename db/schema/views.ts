import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/** Saved views: a named, validated runs filter shared by everyone in the organization. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    // A run-list filter (server/modules/views/schemas.ts viewFilters), validated on write and again on read.
    filters: jsonb("filters").$type<Record<string, unknown>>().notNull(),
    createdById: text("created_by_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("saved_views_org_name_key").on(t.organizationId, t.name),
    index("saved_views_org_created_idx").on(t.organizationId, t.createdAt.desc(), t.id.desc()),
  ],
);
