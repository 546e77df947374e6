/**
 * What parsed JSON must satisfy before it reaches zod or the database, for every JSON boundary (tRPC's input
 * transformer, the callback receiver): strings well-formed UTF-16, nesting bounded.
 *
 * JSON may spell a lone surrogate (`"\ud800"`) and JSON.parse keeps it; JSON.stringify writes it back as that
 * escape, which Postgres' jsonb refuses — a 500 on an otherwise valid write. Such a surrogate is replaced with
 * U+FFFD, as any UTF-8 encoder (and so every text column) already does. Nesting is bounded because code that
 * walks a value recursively (superjson, zod, jsonb's parser) runs out of stack long before JSON.parse does.
 * Client-safe: no server imports.
 */
export const MAX_JSON_NESTING = 64;

export class JsonNestingError extends Error {
  constructor(readonly limit: number) {
    super(`must be nested at most ${limit} levels deep`);
  }
}

/** `value` with every lone surrogate (in keys and strings) replaced by U+FFFD; throws JsonNestingError past `maxDepth`. */
export function wellFormedJson<T>(value: T, maxDepth = MAX_JSON_NESTING): T {
  return clean(value, 0, maxDepth) as T;
}

const OWN_PROPERTY = { writable: true, enumerable: true, configurable: true };

function clean(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value === "string") return value.isWellFormed() ? value : value.toWellFormed();
  if (value === null || typeof value !== "object") return value;
  if (depth >= maxDepth) throw new JsonNestingError(maxDepth);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = clean(value[i], depth + 1, maxDepth);
    return value;
  }
  const object = value as Record<string, unknown>;
  let renamed = false;
  for (const key of Object.keys(object)) {
    const before = object[key];
    const after = clean(before, depth + 1, maxDepth);
    // defineProperty, not assignment: JSON.parse makes "__proto__" an own key, and assigning it would set a prototype.
    if (after !== before) Object.defineProperty(object, key, { ...OWN_PROPERTY, value: after });
    if (!key.isWellFormed()) renamed = true;
  }
  // Rare: rebuilt only when a key itself was malformed, keeping the keys' order.
  if (!renamed) return object;
  return Object.fromEntries(Object.entries(object).map(([key, v]) => [key.toWellFormed(), v]));
}

/** JSON.parse followed by `wellFormedJson`: `{ ok: false }` with a reason for text that is not JSON or nests too deep. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJsonSafely(text: string, maxDepth = MAX_JSON_NESTING): ParsedJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: "must be JSON" };
  }
  try {
    return { ok: true, value: wellFormedJson(parsed, maxDepth) };
  } catch (error) {
    if (error instanceof JsonNestingError) return { ok: false, reason: error.message };
    throw error;
  }
}
