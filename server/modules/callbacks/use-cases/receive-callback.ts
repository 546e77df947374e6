import { Webhook, WebhookVerificationError } from "standardwebhooks";
import type { Db } from "@/db/client";
import { isId } from "@/server/ids";
import { parseJsonSafely } from "@/server/lib/json-safety";
import { findReceivingEndpoint, storeReceivedCallback } from "../queries/endpoints";
import { activeSecrets } from "../secrets";

export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export interface IncomingCallback {
  headers: WebhookHeaders;
  /** The raw body, or null when it is larger than the receiver accepts. Read only once the endpoint is known. */
  readBody: () => Promise<Buffer | null>;
}

/** What became of a delivery to one of our endpoints; receiver.ts turns it into the HTTP answer. */
export type ReceiveOutcome =
  | { kind: "unknown_endpoint"; endpointId: string }
  | { kind: "too_large" }
  | { kind: "unverified"; reason: string }
  | { kind: "invalid"; message: string }
  | { kind: "stored"; id: string; duplicate: boolean; count: number };

/**
 * Verifies the signature and timestamp (±5 min, by the standardwebhooks verifier) on the raw bytes before any
 * parsing, then stores the payload once per webhook-id. Nothing is stored unless the outcome is `stored`.
 */
export async function verifyAndStoreCallback(db: Db, endpointId: string, incoming: IncomingCallback): Promise<ReceiveOutcome> {
  const endpoint = isId("endpoint", endpointId) ? await findReceivingEndpoint(db, endpointId) : null;
  if (!endpoint) return { kind: "unknown_endpoint", endpointId };
  const raw = await incoming.readBody();
  if (!raw) return { kind: "too_large" };

  const { headers } = incoming;
  let verified = false;
  let reason = "no matching signature";
  for (const secret of activeSecrets(endpoint, new Date())) {
    try {
      new Webhook(secret).verify(raw, { ...headers }, { jsonParse: false });
      verified = true;
      break;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      reason = error.message;
    }
  }
  if (!verified) return { kind: "unverified", reason };
  if (headers["webhook-id"].length > 256) return { kind: "invalid", message: "webhook-id must be at most 256 characters" };

  // Lone surrogates become U+FFFD and deep nesting is refused here, so nothing crafted reaches jsonb as a 500.
  const parsed = parseJsonSafely(raw.toString("utf8"));
  if (!parsed.ok) return { kind: "invalid", message: `body ${parsed.reason}` };
  const payload = parsed.value;
  // jsonb cannot hold NUL characters.
  if (raw.includes("\\u0000")) return { kind: "invalid", message: "body must not contain NUL characters" };

  const stored = await storeReceivedCallback(db, endpoint, {
    webhookId: headers["webhook-id"],
    webhookTimestamp: new Date(Number.parseInt(headers["webhook-timestamp"], 10) * 1000),
    payload,
  });
  return { kind: "stored", id: stored.id, duplicate: stored.duplicate, count: stored.receivedCount };
}
