import { recordAudit } from "@/server/modules/audit/audit";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Db } from "@/db/client";
import { callbackSigningSecrets } from "@/db/schema";
import type { Scope } from "@/server/scope";

/** After a rotation the previous secret keeps signing (and verifying) for this long. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** Standard Webhooks secrets: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface SecretPair {
  secret: string;
  previousSecret: string | null;
  previousExpiresAt: Date | null;
}

/** The secrets that sign (or verify) at `now`: the current one, and the previous one during its overlap. */
export function activeSecrets(pair: SecretPair, now: Date): string[] {
  const secrets = [pair.secret];
  if (pair.previousSecret && pair.previousExpiresAt && pair.previousExpiresAt.getTime() > now.getTime())
    secrets.push(pair.previousSecret);
  return secrets;
}

/** `webhook-id`, `webhook-timestamp` and `webhook-signature` (one `v1,…` per active secret, space-separated). */
export function signatureHeaders(secrets: string[], webhookId: string, timestamp: Date, body: string): Record<string, string> {
  const signature = secrets.map((secret) => new Webhook(secret).sign(webhookId, timestamp, body)).join(" ");
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

export type SigningSecret = SecretPair & { createdAt: Date; rotatedAt: Date | null };

/** The org's signing secret, created on first use (concurrent first uses agree on one). */
export async function getOrCreateSigningSecret(
  db: Db,
  orgId: string,
): Promise<typeof callbackSigningSecrets.$inferSelect> {
  const [existing] = await db.select().from(callbackSigningSecrets).where(eq(callbackSigningSecrets.organizationId, orgId));
  if (existing) return existing;
  await db
    .insert(callbackSigningSecrets)
    .values({ organizationId: orgId, secret: generateWebhookSecret() })
    .onConflictDoNothing({ target: callbackSigningSecrets.organizationId });
  const [row] = await db.select().from(callbackSigningSecrets).where(eq(callbackSigningSecrets.organizationId, orgId));
  return row;
}

export async function getSigningSecret(scope: Scope): Promise<SigningSecret> {
  const { organizationId: _org, ...secret } = await getOrCreateSigningSecret(scope.db, scope.orgId);
  return secret;
}

/** A new current secret; the old one keeps signing for 24 h so receivers can switch without losing deliveries. */
export async function rotateSigningSecret(scope: Scope, now = new Date()): Promise<SigningSecret> {
  return scope.db.transaction(async (tx) => {
    await getOrCreateSigningSecret(tx, scope.orgId);
    const [row] = await tx
      .update(callbackSigningSecrets)
      .set({
        previousSecret: sql`${callbackSigningSecrets.secret}`,
        previousExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS),
        secret: generateWebhookSecret(),
        rotatedAt: now,
      })
      .where(eq(callbackSigningSecrets.organizationId, scope.orgId))
      .returning();
    await recordAudit(tx, scope, { action: "callback_secret.rotate", targetType: "organization", targetId: scope.orgId });
    const { organizationId: _org, ...secret } = row;
    return secret;
  });
}
