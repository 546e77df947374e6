/**
 * Query strings as the Letta SDK writes them: arrays as repeated keys (`statuses=a&statuses=b`), booleans as
 * `true`/`false`, a `null` argument as an empty value (`background=`, read as absent), dates as ISO strings.
 * The wire schema decides how each key is read: keys whose schema is an array are read with `getAll`,
 * booleans and numbers are converted, and the typed object is then validated by the same schema
 * (so `limit=abc` fails validation as "expected number" instead of being dropped).
 */
import type { z } from "zod";

type LeafKind = "array" | "boolean" | "number" | "string";

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Looks through optional/default/nullable/pipe wrappers to the type a query value must become. */
export function leafKind(schema: z.ZodType): { kind: LeafKind; element?: LeafKind } {
  let def = defOf(schema);
  for (;;) {
    if (def.innerType) def = defOf(def.innerType);
    else if (def.type === "pipe" && def.in) def = defOf(def.in);
    else break;
  }
  switch (def.type) {
    case "array":
      return { kind: "array", element: def.element ? leafKind(def.element).kind : "string" };
    case "boolean":
      return { kind: "boolean" };
    case "number":
    case "int":
      return { kind: "number" };
    default:
      return { kind: "string" };
  }
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function convert(value: string, kind: LeafKind): unknown {
  if (kind === "boolean") {
    const lower = value.toLowerCase();
    if (lower === "true" || lower === "1") return true;
    if (lower === "false" || lower === "0") return false;
    return value; // left as a string: the schema reports "expected boolean"
  }
  if (kind === "number") return NUMBER.test(value) ? Number(value) : value;
  return value;
}

/** The keys of `shape` present in `params`, typed for validation by `shape`'s schemas; other keys are ignored. */
export function readQuery(params: URLSearchParams, shape: Record<string, z.ZodType>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const { kind, element } = leafKind(schema);
    if (kind === "array") {
      const values = params.getAll(key).filter((v) => v !== "");
      if (values.length) out[key] = values.map((v) => convert(v, element ?? "string"));
      continue;
    }
    const value = params.get(key);
    if (value === null || value === "") continue;
    out[key] = convert(value, kind);
  }
  return out;
}

/** Keys of `params` that `shape` does not name: dropping a misspelled filter would silently widen a list. */
export function unknownQueryKeys(params: URLSearchParams, shape: Record<string, z.ZodType>): string[] {
  return [...new Set(params.keys())].filter((key) => !Object.hasOwn(shape, key));
}
