import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { callbackSigningSecrets } from "@/db/schema";

/** Each organization's outgoing signing secret (`callback_signing_secrets`). */

export type SigningSecretRow = typeof callbackSigningSecrets.$inferSelect;

const byOrg = (orgId: string) => eq(callbackSigningSecrets.organizationId, orgId);

/** The org's signing secret, created with `newSecret()` on first use (concurrent first uses agree on one). */
export async function getOrCreateSigningSecret(db: Db, orgId: string, newSecret: () => string): Promise<SigningSecretRow> {
  const [existing] = await db.select().from(callbackSigningSecrets).where(byOrg(orgId));
  if (existing) return existing;
  await db
    .insert(callbackSigningSecrets)
    .values({ organizationId: orgId, secret: newSecret() })
    .onConflictDoNothing({ target: callbackSigningSecrets.organizationId });
  const [row] = await db.select().from(callbackSigningSecrets).where(byOrg(orgId));
  return row;
}

/** The current secret becomes the previous one, which keeps signing until `previousExpiresAt`. */
export async function replaceSigningSecret(
  tx: Db,
  orgId: string,
  change: { secret: string; previousExpiresAt: Date; rotatedAt: Date },
): Promise<SigningSecretRow> {
  const [row] = await tx
    .update(callbackSigningSecrets)
    .set({ ...change, previousSecret: sql`${callbackSigningSecrets.secret}` })
    .where(byOrg(orgId))
    .returning();
  return row;
}
