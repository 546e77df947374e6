/**
 * Which API answers `next start` may compress. Next gzips every response over 1 KB through a zlib stream: a
 * fresh deflate state (~300 KB) and a stream pipeline per response. Under the mixed load bench that was 10–15 %
 * of the server's CPU, mostly on bodies of 1–4 KB (a run, a step) where gzip saves a few hundred bytes. Bodies
 * under COMPRESS_MIN_BYTES are marked `no-transform`, which Next's compression (the `compression` package)
 * honours; larger ones (list pages) are still gzipped for clients that ask. (A route handler cannot send its
 * own gzip: Next drops a response's Content-Encoding header.)
 */
export const COMPRESS_MIN_BYTES = 8 * 1024;

// The codings Next's compression answers with; a client that accepts none of them is never compressed.
const COMPRESSIBLE = /\b(gzip|deflate|br)\b|\*/i;

/** `response` (a buffered JSON answer) with compression left to Next only when the body is worth it. */
export async function markSmallJsonUncompressed(requestHeaders: Headers, response: Response): Promise<Response> {
  if (!COMPRESSIBLE.test(requestHeaders.get("accept-encoding") ?? "")) return response;
  const type = response.headers.get("content-type") ?? "";
  // Streams (export, jsonl) pass through untouched.
  if (!response.body || !type.startsWith("application/json")) return response;
  const body = await response.arrayBuffer();
  if (body.byteLength >= COMPRESS_MIN_BYTES) return new Response(body, response);
  const headers = new Headers(response.headers);
  const cacheControl = headers.get("cache-control");
  headers.set("cache-control", cacheControl ? `${cacheControl}, no-transform` : "no-transform");
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
