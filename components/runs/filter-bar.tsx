"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass, inputClass } from "@/components/ui/styles";
import { clearedFilters } from "./filter-patch";
import { FilterControl } from "./filter-control";
import { mergeViewFilters } from "@/server/modules/views/schemas";
import { AGENTS_FOR_FILTER, VIEWS_LIST } from "./queries";
import { activeFilterCount, encodeValue, RUN_FILTER_FIELDS, type RunSearch } from "./run-search";
import { StatusChips } from "./status-chips";
import type { UpdateSearch } from "./use-run-search";

/** The runs filters: quick id box, status chips, agent, and the rest behind "More filters". */
export function FilterBar({
  search,
  update,
  filterRef,
}: {
  search: RunSearch;
  update: UpdateSearch;
  filterRef: React.RefObject<HTMLInputElement | null>;
}) {
  const trpc = useTRPC();
  const { data: agents } = useSuspenseQuery(trpc.agents.list.queryOptions(AGENTS_FOR_FILTER));
  const { data: views } = useSuspenseQuery(trpc.views.list.queryOptions(VIEWS_LIST));
  // With a view chosen, the controls show what the table is filtered by: the view's filters under the explicit ones.
  const view = views.find((v) => v.id === search.input.viewId);
  const input = view ? mergeViewFilters(view.filters, search.input) : search.input;
  const shown = view ? { ...search, input } : search;
  const [open, setOpen] = useState(false);
  const count = activeFilterCount(input);

  const quick = (value: string) => {
    const v = value.trim();
    if (!v) return update({ runId: null, conversationId: null });
    if (v.startsWith("run-")) update({ runId: v, conversationId: null });
    else update({ conversationId: v, runId: null });
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={filterRef}
          key={`q-${input.runId ?? input.conversationId ?? ""}`}
          defaultValue={input.runId ?? input.conversationId ?? ""}
          placeholder="Run id or conversation…  ( / )"
          aria-label="Quick filter: run id or conversation id"
          data-testid="quick-filter"
          className={`${inputClass} w-full sm:w-72`}
          onKeyDown={(e) => {
            if (e.key === "Enter") quick(e.currentTarget.value);
            if (e.key === "Escape") e.currentTarget.blur();
          }}
          onBlur={(e) => {
            if (e.currentTarget.value.trim() !== (input.runId ?? input.conversationId ?? "")) quick(e.currentTarget.value);
          }}
        />
        <StatusChips selected={input.statuses} onChange={(next) => update({ statuses: encodeValue("statuses", next) })} />
        <select
          aria-label="Agent"
          data-testid="agent-filter"
          className={inputClass}
          value={input.agentIds?.length === 1 ? input.agentIds[0] : (input.agentId ?? "")}
          onChange={(e) => update({ agentIds: e.target.value || null, agentId: null })}
        >
          <option value="">All agents</option>
          {agents.items.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={buttonClass("secondary")}
          aria-expanded={open}
          onClick={() => setOpen((v) => !v)}
          data-testid="more-filters"
        >
          More filters{count ? ` (${count})` : ""}
        </button>
        {count > 0 && (
          <button type="button" className={buttonClass("ghost")} onClick={() => update({ ...clearedFilters(), viewId: null })}>
            Clear all
          </button>
        )}
      </div>
      {open && (
        <div className="grid grid-cols-1 gap-3 rounded-lg border border-zinc-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-900/40">
          {RUN_FILTER_FIELDS.filter((f) => f.control !== "chips" && f.control !== "agents").map((field) => (
            <label key={field.key} className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
              {field.label}
              <FilterControl field={field} search={shown} update={update} />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
