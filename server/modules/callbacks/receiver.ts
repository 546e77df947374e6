import type { Db } from "@/db/client";
import { bodyTooLarge, readBodyWithin } from "@/server/http/body-limit";
import { verifyAndStoreCallback, type ReceiveOutcome } from "./use-cases/receive-callback";

/** The receiver's every status decision: its answers are `{ error }` bodies of its own, not the Letta REST shape. */
function receiverResponse(outcome: ReceiveOutcome): Response {
  const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status });
  switch (outcome.kind) {
    case "unknown_endpoint":
      return json(404, { error: `endpoint ${outcome.endpointId} not found` });
    case "too_large":
      return bodyTooLarge();
    case "unverified":
      return json(401, { error: `signature verification failed: ${outcome.reason}` });
    case "invalid":
      return json(400, { error: outcome.message });
    case "stored":
      return json(200, { received: true, id: outcome.id, duplicate: outcome.duplicate, count: outcome.count });
  }
}

/**
 * `POST /api/callbacks/<endpointId>`: 404 for an unknown endpoint, 413 past RUNTOWER_MAX_BODY_BYTES (1 MB), 401 for a bad signature or a
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
    // RUNTOWER_MAX_BODY_BYTES, read with a running count (server/http/body-limit.ts).
    readBody: () => readBodyWithin(request),
  });
  return receiverResponse(outcome);
}
