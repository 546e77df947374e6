/**
 * JSON responses for the Letta-compatible REST surface.
 *
 * Epoch nanoseconds (`run_start_ns`, `step_start_ns`, `llm_request_start_ns`) are about 1.7e18, far above
 * 2^53, so a JS number cannot carry them exactly. Letta (Python) emits them as exact JSON integers, and
 * so do we: mappers put them in bodies as `bigint`, and `jsonBody` writes a bigint as its decimal digits.
 * Python clients read the exact value; JavaScript's JSON.parse rounds it to the nearest double
 * (within 128 ns, below the microsecond precision timestamps are stored with).
 */

// Postgres text and jsonb cannot hold NUL, so no string read from the database can contain this marker.
const BIGINT_MARKER = "\u0000bigint:";
const BIGINT_PLACEHOLDER = /"\\u0000bigint:(-?\d+)"/g;

export function jsonBody(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${BIGINT_MARKER}${v.toString()}` : v));
  return text.replace(BIGINT_PLACEHOLDER, "$1");
}

export function jsonResponse(value: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(jsonBody(value), {
    status: init.status ?? 200,
    headers: { "content-type": "application/json", ...init.headers },
  });
}

/** Milliseconds since the epoch (a Date) as exact epoch nanoseconds. */
export function epochNs(date: Date | null | undefined): bigint | null {
  return date ? BigInt(date.getTime()) * 1_000_000n : null;
}
