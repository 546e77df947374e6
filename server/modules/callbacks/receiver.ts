import type { Db } from "@/db/client";
import { verifyAndStoreCallback, type ReceiveOutcome } from "./use-cases/receive-callback";

/** Route handlers have no body limit of their own: the receiver enforces this one while reading. */
const RECEIVER_BODY_LIMIT = 1024 * 1024;

/** Reads the raw body, stopping as soon as it passes `limit` bytes (null then). */
async function readBody(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return null;
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
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The receiver's every status decision: its answers are `{ error }` bodies of its own, not the Letta REST shape. */
function receiverResponse(outcome: ReceiveOutcome): Response {
  const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status });
  switch (outcome.kind) {
    case "unknown_endpoint":
      return json(404, { error: `endpoint ${outcome.endpointId} not found` });
    case "too_large":
      return json(413, { error: `body exceeds ${RECEIVER_BODY_LIMIT} bytes` });
    case "unverified":
      return json(401, { error: `signature verification failed: ${outcome.reason}` });
    case "invalid":
      return json(400, { error: outcome.message });
    case "stored":
      return json(200, { received: true, id: outcome.id, duplicate: outcome.duplicate, count: outcome.count });
  }
}

/**
 * `POST /api/callbacks/<endpointId>`: 404 for an unknown endpoint, 413 past 1 MB, 401 for a bad signature or a
 * timestamp outside ±5 min, 400 for a body that is not JSON; nothing is stored in any of these cases. A verified
 * delivery is stored once per webhook-id and answered 200 at once.
 */
export async function receiveCallback(db: Db, endpointId: string, request: Request): Promise<Response> {
  const header = (name: string) => request.headers.get(name) ?? "";
  const outcome = await verifyAndStoreCallback(db, endpointId, {
    headers: {
      "webhook-id": header("webhook-id"),
      "webhook-timestamp": header("webhook-timestamp"),
      "webhook-signature": header("webhook-signature"),
    },
    readBody: () => readBody(request, RECEIVER_BODY_LIMIT),
  });
  return receiverResponse(outcome);
}
