import { Webhook, WebhookVerificationError } from "standardwebhooks";
import type { Db } from "@/db/client";
import { isId } from "@/server/ids";
import { parseJsonSafely } from "@/server/lib/json-safety";
import { findReceivingEndpoint, storeReceivedCallback } from "./endpoints";
import { activeSecrets } from "./secrets";

/** Route handlers have no body limit of their own: the receiver enforces this one while reading. */
export const RECEIVER_BODY_LIMIT = 1024 * 1024;

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

class TooLarge extends Error {}

/** Reads the raw body, stopping as soon as it passes `limit` bytes. */
async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new TooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * `POST /api/callbacks/<endpointId>`: 404 for an unknown endpoint, 413 past 1 MB, 401 for a bad signature or a
 * timestamp outside ±5 min (checked by the standardwebhooks verifier on the raw bytes, before any parsing),
 * 400 for a body that is not JSON; nothing is stored in any of these cases. A verified delivery is stored once
 * per webhook-id and answered 200 at once.
 */
export async function receiveCallback(db: Db, endpointId: string, request: Request): Promise<Response> {
  if (!isId("endpoint", endpointId)) return json(404, { error: `endpoint ${endpointId} not found` });
  const endpoint = await findReceivingEndpoint(db, endpointId);
  if (!endpoint) return json(404, { error: `endpoint ${endpointId} not found` });

  let raw: Buffer;
  try {
    raw = await readBody(request, RECEIVER_BODY_LIMIT);
  } catch (error) {
    if (error instanceof TooLarge) return json(413, { error: `body exceeds ${RECEIVER_BODY_LIMIT} bytes` });
    throw error;
  }

  const headers = {
    "webhook-id": request.headers.get("webhook-id") ?? "",
    "webhook-timestamp": request.headers.get("webhook-timestamp") ?? "",
    "webhook-signature": request.headers.get("webhook-signature") ?? "",
  };
  let verified = false;
  let reason = "no matching signature";
  for (const secret of activeSecrets(endpoint, new Date())) {
    try {
      new Webhook(secret).verify(raw, headers, { jsonParse: false });
      verified = true;
      break;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      reason = error.message;
    }
  }
  if (!verified) return json(401, { error: `signature verification failed: ${reason}` });
  if (headers["webhook-id"].length > 256) return json(400, { error: "webhook-id must be at most 256 characters" });

  const parsed = parseJsonSafely(raw.toString("utf8"));
  if (!parsed.ok) return json(400, { error: `body ${parsed.reason}` });
  const payload = parsed.value;
  // jsonb cannot hold NUL characters.
  if (raw.includes("\\u0000")) return json(400, { error: "body must not contain NUL characters" });

  const stored = await storeReceivedCallback(db, endpoint, {
    webhookId: headers["webhook-id"],
    webhookTimestamp: new Date(Number.parseInt(headers["webhook-timestamp"], 10) * 1000),
    payload,
  });
  return json(200, { received: true, id: stored.id, duplicate: stored.duplicate, count: stored.receivedCount });
}
