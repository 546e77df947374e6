import { randomUUID } from "node:crypto";
import { conflict, notFound } from "@/server/errors";
import type { ListRunsInput } from "@/server/modules/runs/schemas";
import { mergeViewFilters, viewFilters, type CreateViewInput, type ListViewsInput, type ViewFilters } from "./schemas";
import type { Scope } from "@/server/scope";
import { deleteViewRow, findView, insertView, selectViews, type SavedViewRow } from "./queries";

export interface SavedView {
  id: string;
  name: string;
  description: string | null;
  filters: ViewFilters;
  createdById: string | null;
  createdAt: Date;
}

function toView(row: SavedViewRow): SavedView {
  // Re-validated on read: a view written before a filter changed shape drops what no longer parses.
  const parsed = viewFilters.safeParse(row.filters);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    filters: parsed.success ? parsed.data : {},
    createdById: row.createdById,
    createdAt: row.createdAt,
  };
}

export async function createView(scope: Scope, input: CreateViewInput): Promise<SavedView> {
  const row = await insertView(scope, {
    id: `view-${randomUUID()}`,
    organizationId: scope.orgId,
    name: input.name,
    description: input.description ?? null,
    filters: JSON.parse(JSON.stringify(input.filters)) as Record<string, unknown>,
    createdById: scope.actor,
  });
  if (!row) throw conflict(`name: a view named '${input.name}' already exists in this organization`, "name");
  return toView(row);
}

export async function listViews(scope: Scope, input: ListViewsInput = { limit: 200 }): Promise<SavedView[]> {
  return (await selectViews(scope, input.limit)).map(toView);
}

export async function getView(scope: Scope, viewId: string, field = "viewId"): Promise<SavedView> {
  const row = await findView(scope, viewId);
  if (!row) throw notFound("view", viewId, field);
  return toView(row);
}

export async function deleteView(scope: Scope, viewId: string): Promise<SavedView> {
  const row = await deleteViewRow(scope, viewId);
  if (!row) throw notFound("view", viewId, "viewId");
  return toView(row);
}

/** `runs.list` with a `viewId`: the view's filters, overridden field by field by the explicit ones. */
export async function applySavedView(scope: Scope, input: ListRunsInput): Promise<ListRunsInput> {
  if (!input.viewId) return input;
  const view = await getView(scope, input.viewId);
  return mergeViewFilters(view.filters, input);
}
