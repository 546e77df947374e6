import { env } from "@/server/env";

/**
 * RUNTOWER_MAX_BODY_BYTES (default 1 MB) for every route that takes a body: /api/trpc, /v1, the callback receiver,
 * better-auth's endpoints. Route handlers have no body limit of their own (server actions do: Next's 1 MB default).
 * The body is read as it streams in, with a running count, and reading stops as soon as it passes the limit: a
 * Content-Length can be absent (chunked) or lie, so it only lets an honest oversized request be refused unread.
 */
export const maxBodyBytes = (): number => env().RUNTOWER_MAX_BODY_BYTES;

/** The raw body, or null as soon as it passes `limit` bytes (the rest is never read). */
export async function readBodyWithin(request: Request, limit = maxBodyBytes()): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    return null;
  }
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

export const bodyTooLargeMessage = (limit = maxBodyBytes()) => `body: must be at most ${limit} bytes`;

/** 413 with a JSON `{ error }` body (what /api/trpc and better-auth's endpoints answer before parsing anything). */
export const bodyTooLarge = (limit = maxBodyBytes()): Response =>
  Response.json({ error: bodyTooLargeMessage(limit) }, { status: 413 });

/**
 * The request with its body read within the limit and handed on as a copy (for handlers that read the body
 * themselves: tRPC's fetch adapter, better-auth), or a 413 answer. Requests without a body pass as they are.
 */
export async function requestWithinBodyLimit(request: Request): Promise<Request | Response> {
  if (!request.body || request.method === "GET" || request.method === "HEAD") return request;
  const limit = maxBodyBytes();
  const body = await readBodyWithin(request, limit);
  if (!body) return bodyTooLarge(limit);
  return new Request(request, { body: body as BodyInit });
}
