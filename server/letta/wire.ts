/** The building blocks of Letta's wire shapes (snake_case, ISO timestamps), shared by the run, step and message shapes. */
import { z } from "zod";

export const timestamp = z.iso.datetime();
export const nullableString = z.string().nullable();
export const nullableInt = z.number().int().nullable();
export const jsonRecord = z.record(z.string(), z.unknown());
/** Epoch nanoseconds: written as an exact JSON integer (see server/http/rest-json.ts), int64 in the OpenAPI document. */
export const epochNanoseconds = z.bigint().nullable();

export const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Letta's error body. */
export const lettaError = z.object({ detail: z.string(), message: z.string() });
