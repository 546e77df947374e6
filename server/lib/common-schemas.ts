import { z } from "zod";
import { FEEDBACK_VALUES, RUN_STATUSES, STEP_STATUSES, STOP_REASONS } from "@/db/schema/enums";
import { ID_PREFIXES, isId, type IdKind } from "@/server/ids";

export const MAX_METADATA_BYTES = 256 * 1024;
export const MAX_JSON_DEPTH = 32;

/** `<prefix>-<uuid>` with a message that says what was expected. */
export const idOf = (kind: IdKind) =>
  z.string().refine((v) => isId(kind, v), { message: `must be a ${kind} id: '${ID_PREFIXES[kind]}-' followed by a UUID` });

// Postgres text and jsonb reject NUL; catching it here turns a 500 into a 400 naming the field.
const noNul = (v: string) => !v.includes("\u0000");
export const text = (max: number) => z.string().max(max).refine(noNul, { message: "must not contain NUL characters" });
export const name = text(200).min(1);

function jsonDepth(value: unknown, depth = 0): number {
  if (depth > MAX_JSON_DEPTH) return depth;
  if (Array.isArray(value)) return value.reduce<number>((m, v) => Math.max(m, jsonDepth(v, depth + 1)), depth + 1);
  if (value && typeof value === "object")
    return Object.values(value).reduce<number>((m, v) => Math.max(m, jsonDepth(v, depth + 1)), depth + 1);
  return depth;
}

/** A JSON object with bounded size and depth and no NUL, as stored in jsonb columns. */
export const jsonObject = (maxBytes = MAX_METADATA_BYTES) =>
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    if (jsonDepth(value) > MAX_JSON_DEPTH) {
      ctx.addIssue({ code: "custom", message: `must be nested at most ${MAX_JSON_DEPTH} levels deep` });
      return;
    }
    let serialized: string;
    try {
      serialized = JSON.stringify(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be JSON-serialisable" });
      return;
    }
    if (Buffer.byteLength(serialized) > maxBytes)
      ctx.addIssue({ code: "custom", message: `must be at most ${maxBytes} bytes as JSON` });
    if (serialized.includes("\\u0000")) ctx.addIssue({ code: "custom", message: "must not contain NUL characters" });
  });

// Postgres' timestamptz and JS Date overlap well beyond this; years 1–9999 keep every value round-tripping.
const MIN_DATE = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_DATE = Date.parse("9999-12-31T23:59:59.999Z");

/** Dates arrive as Date over superjson and as ISO strings over REST. */
export const dateInput = z
  .union([z.date(), z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((v) => new Date(v))], {
    error: "must be a date: an ISO 8601 date-time with an offset",
  })
  .refine((d) => d.getTime() >= MIN_DATE && d.getTime() <= MAX_DATE, { message: "must be between the years 1 and 9999" });

// The range of a signed 64-bit count of nanoseconds since 1970 (Letta's `*_ns` fields, the duration columns).
const MIN_INSTANT = 0;
const MAX_INSTANT = Date.parse("2262-04-11T23:47:16.854Z");

/**
 * A moment the app computes nanoseconds from (a run's completion, an analytics range): a date between 1970 and
 * 2262-04-11. A later completion would overflow the bigint duration column; an earlier range start, the
 * bucketing arithmetic. Filters that only compare dates keep `dateInput`'s wider range.
 */
export const instantInput = dateInput.refine((d) => d.getTime() >= MIN_INSTANT && d.getTime() <= MAX_INSTANT, {
  message: "must be between 1970-01-01 and 2262-04-11 (a 64-bit count of nanoseconds since 1970)",
});

export const limitInput = (max = 1000, fallback = 100) => z.number().int().min(1).max(max).default(fallback);

export const durationNs = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Token counts are Postgres integers. */
export const MAX_TOKEN_COUNT = 2_147_483_647;
export const tokenCount = z.number().int().min(0).max(MAX_TOKEN_COUNT);

export const runStatus = z.enum(RUN_STATUSES);
export const stopReason = z.enum(STOP_REASONS);
export const stepStatus = z.enum(STEP_STATUSES);
export const feedback = z.enum(FEEDBACK_VALUES);
export const tag = text(100).min(1);

export type Page<T> = { items: T[]; nextCursor: string | null };
