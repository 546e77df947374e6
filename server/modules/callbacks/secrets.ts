import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

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

/** A rotation's new secret pair: a fresh secret, the old one kept for the overlap. */
export function rotation(now: Date): { secret: string; previousExpiresAt: Date; rotatedAt: Date } {
  return { secret: generateWebhookSecret(), previousExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS), rotatedAt: now };
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
