import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { membershipRoleEnum, users } from "./auth";
import { organizations } from "./organizations";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * An owner's or admin's offer of a membership to an email address, accepted by whoever signs in with that email and
 * opens the link. Only the token's peppered hash is kept (as for API keys); the token itself is shown once, to the
 * inviter. Pending = not accepted, not revoked, not expired; the use-cases keep at most one pending invitation per
 * (organization, email) by revoking the older one when an email is invited again.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Normalized (trimmed, lower-case), as `users.email` is. */
    email: text("email").notNull(),
    role: membershipRoleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
    acceptedAt: timestamptz("accepted_at"),
    acceptedByUserId: text("accepted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_org_created_idx").on(t.organizationId, t.createdAt),
    index("invitations_org_email_idx").on(t.organizationId, t.email),
  ],
);
