"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/components/shell/use-can";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { clearedFilters } from "./filter-patch";
import { VIEWS_LIST } from "./queries";
import { filtersOf, type RunSearch } from "./run-search";
import type { UpdateSearch } from "./use-run-search";

/** Saved views of the organization: choose one, save what is on screen as a new one, delete the chosen one. */
export function ViewsMenu({ search, update }: { search: RunSearch; update: UpdateSearch }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: views } = useSuspenseQuery(trpc.views.list.queryOptions(VIEWS_LIST));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.views.list.queryKey() });
  const create = useMutation(
    trpc.views.create.mutationOptions({
      onSuccess: (view) => {
        setSaving(false);
        setError(null);
        void invalidate();
        update({ viewId: view.id, ...clearedFilters() });
      },
      onError: (e) => setError(e.message),
    }),
  );
  const remove = useMutation(
    trpc.views.delete.mutationOptions({
      onSuccess: () => {
        void invalidate();
        update({ viewId: null });
      },
    }),
  );
  const current = views.find((v) => v.id === search.input.viewId);
  const canWrite = useCan("views:write");

  return (
    <div className="flex flex-wrap items-center gap-1">
      <select
        aria-label="Saved view"
        data-testid="view-select"
        className={inputClass}
        value={search.input.viewId ?? ""}
        // Choosing a view starts from its filters alone.
        onChange={(e) => update({ viewId: e.target.value || null, ...clearedFilters() })}
      >
        <option value="">{views.length ? "All runs (no view)" : "No saved views"}</option>
        {views.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>
      {!canWrite ? null : saving ? (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
            if (!name) return;
            // The view keeps what is on screen: the current view's filters overridden by the explicit ones.
            create.mutate({ name, filters: { ...(current?.filters ?? {}), ...filtersOf(search.input) } as never });
          }}
        >
          <input
            name="name"
            autoFocus
            placeholder="View name"
            aria-label="View name"
            className={`${inputClass} w-36`}
            data-testid="view-name"
          />
          <button type="submit" className={buttonClass("primary")} disabled={create.isPending}>
            Save
          </button>
          <button type="button" className={buttonClass("ghost")} onClick={() => setSaving(false)}>
            ✕
          </button>
        </form>
      ) : (
        <button type="button" className={buttonClass("secondary")} onClick={() => setSaving(true)} data-testid="save-view">
          Save view
        </button>
      )}
      {current && canWrite && (
        <button
          type="button"
          className={buttonClass("ghost")}
          onClick={() =>
            window.confirm(`Delete the view “${current.name}” for everyone in the organization?`) &&
            remove.mutate({ viewId: current.id })
          }
        >
          Delete view
        </button>
      )}
      {error && <span className="text-xs text-red-600 dark:text-red-400">{error}</span>}
    </div>
  );
}
