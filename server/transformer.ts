import superjson, { type SuperJSONResult } from "superjson";
import { wellFormedJson } from "@/server/lib/json-safety";

/**
 * The tRPC transformer: superjson both ways, with a faster serializer for responses.
 *
 * superjson.serialize walks every value of a response with a generic, allocation-heavy walker (identity maps,
 * path arrays per node): a 100-run page took ~4.5 ms to serialize against ~0.4 ms for JSON.stringify, and it
 * was the largest single cost of an HTTP `runs.list`. Our responses are plain JSON plus Dates (and the odd
 * `undefined`), so `serializeOutput` walks those in one pass and produces exactly what superjson.serialize
 * produces once stringified (same JSON text of `json`, same `meta.values` paths; only the order of meta's keys
 * may differ, which superjson.deserialize ignores). For anything else — undefined, Map, Set, BigInt,
 * NaN/±Infinity/-0, class instances, sparse arrays, an object reached twice (superjson then records a
 * referential equality) — it hands the whole value to superjson itself, so the wire format never diverges.
 * test/unit/transformer.test.ts checks the equality on generated values.
 */

class NeedsSuperjson extends Error {}
const bail = new NeedsSuperjson();

// superjson's flat form of MinimisedTree: dotted path → [type].
type Annotations = Record<string, [string]>;

// superjson's path segment escaping (pathstringifier.escapeKey).
const escapeKey = (key: string) =>
  key.includes(".") || key.includes("\\") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks that `value` needs nothing but Date annotations and collects them, without copying anything: the
 * value itself is then the `json` part, because JSON.stringify writes a Date through its toJSON — the same
 * toISOString() text superjson puts there. `path` holds the keys from the root to `value`; a dotted path
 * (superjson's stringifyPath) is only built for the values that get an annotation.
 */
function scan(value: unknown, path: (string | number)[], annotations: Annotations, seen: Set<object>): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      // NaN, ±Infinity and -0 carry a "number" annotation in superjson.
      if (!Number.isFinite(value) || Object.is(value, -0)) throw bail;
      return;
    case "object": {
      if (value === null) return;
      // superjson records objects reached twice (and cycles) as referential equalities.
      if (seen.has(value)) throw bail;
      seen.add(value);
      if (value instanceof Date) {
        // A Date at the root is written with a root annotation by superjson: leave that case to it.
        if (path.length === 0 || Number.isNaN(value.getTime())) throw bail;
        annotations[path.map((key) => (typeof key === "number" ? String(key) : escapeKey(key))).join(".")] = ["Date"];
        return;
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          // superjson skips holes; it writes undefined as null with an annotation (JSON.stringify writes null too,
          // but in an object it drops the key, so that case goes to superjson as well).
          if (!(i in value) || value[i] === undefined) throw bail;
          path.push(i);
          scan(value[i], path, annotations, seen);
          path.pop();
        }
        return;
      }
      if (!isPlainObject(value)) throw bail;
      for (const key in value) {
        if (key === "__proto__" || key === "constructor" || key === "prototype") throw bail; // superjson throws for these
        const child = value[key];
        // Most fields are strings, nulls and finite numbers: settle those here, without a call.
        if (child === null || typeof child === "string" || typeof child === "boolean") continue;
        if (typeof child === "number" && Number.isFinite(child) && !Object.is(child, -0)) continue;
        path.push(key);
        scan(child, path, annotations, seen);
        path.pop();
      }
      return;
    }
    default:
      throw bail; // undefined, bigint, symbol, function
  }
}

export function serializeOutput(value: unknown): SuperJSONResult {
  try {
    const annotations: Annotations = {};
    scan(value, [], annotations, new Set());
    const json = value as SuperJSONResult["json"];
    for (const _ in annotations)
      return { json, meta: { values: annotations as NonNullable<SuperJSONResult["meta"]>["values"], v: 1 } };
    return { json };
  } catch (error) {
    if (error instanceof NeedsSuperjson) return superjson.serialize(value as never);
    throw error;
  }
}

export const transformer = {
  // Every tRPC input passes here after JSON.parse: lone surrogates become U+FFFD, deep nesting is a BAD_REQUEST.
  input: { serialize: superjson.serialize, deserialize: (data: unknown) => superjson.deserialize(wellFormedJson(data) as never) },
  output: { serialize: serializeOutput, deserialize: (data: unknown) => superjson.deserialize(data as never) },
};
