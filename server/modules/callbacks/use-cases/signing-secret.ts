import type { Db } from "@/db/client";
import { recordAudit } from "@/server/modules/audit";
import type { Scope } from "@/server/scope";
import { getOrCreateSigningSecret, replaceSigningSecret, type SigningSecretRow } from "../queries/signing-secrets";
import { generateWebhookSecret, rotation } from "../secrets";

export type SigningSecret = Omit<SigningSecretRow, "organizationId">;

/** The org's signing secret as the worker reads it (global: the worker serves every organization). */
export function signingSecretOf(db: Db, orgId: string): Promise<SigningSecretRow> {
  return getOrCreateSigningSecret(db, orgId, generateWebhookSecret);
}

export async function getSigningSecret(scope: Scope): Promise<SigningSecret> {
  const { organizationId: _org, ...secret } = await signingSecretOf(scope.db, scope.orgId);
  return secret;
}

/** A new current secret; the old one keeps signing for 24 h so receivers can switch without losing deliveries. */
export async function rotateSigningSecret(scope: Scope, now = new Date()): Promise<SigningSecret> {
  return scope.db.transaction(async (tx) => {
    await signingSecretOf(tx, scope.orgId);
    const { organizationId: _org, ...secret } = await replaceSigningSecret(tx, scope.orgId, rotation(now));
    await recordAudit(tx, scope, { action: "callback_secret.rotate", targetType: "organization", targetId: scope.orgId });
    return secret;
  });
}
