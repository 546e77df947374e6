import { z } from "zod";
import { limitInput, name, text } from "@/server/lib/common-schemas";
import { listRunsInput, viewIdInput, type ListRunsInput } from "@/server/modules/runs/schemas";

/** Keys of `runs.list` that are paging, sorting or view selection, not part of a cohort. */
export const NON_FILTER_KEYS = ["viewId", "runIds", "orderBy", "ascending", "before", "after", "limit"] as const;
type NonFilterKey = (typeof NON_FILTER_KEYS)[number];

/**
 * A saved view's filter: exactly the filter fields of `runs.list` (derived from listRunsInput, so a new
 * filter there is a new view field here), every one optional and without defaults.
 */
const filterShape = Object.fromEntries(
  Object.entries(listRunsInput.shape)
    .filter(([key]) => !(NON_FILTER_KEYS as readonly string[]).includes(key))
    .map(([key, schema]) => [key, (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional()]),
) as unknown as {
  [K in Exclude<keyof typeof listRunsInput.shape, NonFilterKey>]: z.ZodOptional<
    z.ZodType<NonNullable<z.output<(typeof listRunsInput.shape)[K]>>, unknown>
  >;
};

export const viewFilters = z.strictObject(filterShape);
export type ViewFilters = z.infer<typeof viewFilters>;

export const createViewInput = z.object({
  name,
  description: text(2000).optional(),
  filters: viewFilters,
});
export type CreateViewInput = z.infer<typeof createViewInput>;

export const viewIdOnlyInput = z.object({ viewId: viewIdInput });
export const listViewsInput = z.object({ limit: limitInput(500, 200) }).default({ limit: 200 });
export type ListViewsInput = z.infer<typeof listViewsInput>;

// Filters that mean one thing together: an explicit member of a group replaces the view's whole group.
const FILTER_GROUPS: (keyof ViewFilters)[][] = [
  ["agentId", "agentIds"],
  ["statuses", "active"],
  ["stepCount", "stepCountOperator"],
  ["durationFilter", "durationPercentile"],
];

/**
 * A view's filters, overridden field by field by the explicit ones of `input`: what `runs.list({ viewId, … })` lists.
 * Here (client-safe) so the runs page's controls show exactly the filters the server applies.
 */
export function mergeViewFilters(filters: ViewFilters, input: ListRunsInput): ListRunsInput {
  const merged: Record<string, unknown> = { ...input };
  const explicit = (key: string) => (input as Record<string, unknown>)[key] !== undefined;
  const taken = new Set<string>();
  for (const group of FILTER_GROUPS) {
    // stepCountOperator is always present (it has a default): it counts as explicit only with a stepCount.
    const given = group.some((key) => key !== "stepCountOperator" && explicit(key));
    if (given) for (const key of group) taken.add(key);
  }
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || taken.has(key)) continue;
    if (key === "stepCountOperator" || !explicit(key)) merged[key] = value;
  }
  return merged as ListRunsInput;
}
