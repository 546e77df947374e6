"use client";

import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { Suspense, useDeferredValue, useEffect, useRef, useState } from "react";
import { encodeCols, RUN_COLUMNS } from "./columns";
import { AGENTS_FOR_FILTER, VIEWS_LIST } from "./queries";
import {
  activeFilterCount,
  COMPARISON_OPERATORS,
  DURATION_OPERATORS,
  encodeValue,
  filtersOf,
  RUN_FILTER_FIELDS,
  type RunSearch,
} from "./run-search";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass, ErrorBoundary, inputClass, Skeleton, TableSkeleton } from "@/components/ui/primitives";
import { RunsTable } from "./runs-table";
import { useCan } from "./use-permission";
import { useRunSearch, type UpdateSearch } from "./use-run-search";

/** The /runs page: filters, views, count, columns, export, and the live table — all state in the URL. */
export function RunsExplorer() {
  const { search, update } = useRunSearch();
  // While the next filter's page loads, React keeps showing the current table (no skeleton flash).
  const deferred = useDeferredValue(search);
  const [paused, setPaused] = useState(false);
  const filterRef = useRef<HTMLInputElement>(null);

  return (
    <main className="mx-auto max-w-[1600px] space-y-3 px-3 py-4 sm:px-6">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-xl font-semibold tracking-tight">Runs</h1>
        <RunCount search={search} />
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <Suspense fallback={<Skeleton className="h-8 w-40" />}>
            <ViewsMenu search={search} update={update} />
          </Suspense>
          <ColumnPicker search={search} update={update} />
          <ExportMenu />
        </div>
      </div>
      <Suspense fallback={<Skeleton className="h-10 w-full" />}>
        <FilterBar search={search} update={update} filterRef={filterRef} />
      </Suspense>
      {search.ignored.length > 0 && (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-400">
          Ignored invalid URL filters: {search.ignored.map((i) => `${i.key} (${i.message})`).join("; ")}
        </p>
      )}
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
        <ErrorBoundary key={JSON.stringify(search.input)}>
          <Suspense fallback={<TableSkeleton rows={10} />}>
            <RunsTable
              search={deferred}
              loading={deferred !== search}
              update={update}
              paused={paused}
              setPaused={setPaused}
              filterRef={filterRef}
            />
          </Suspense>
        </ErrorBoundary>
      </div>
    </main>
  );
}

/** "1,234 runs" (exact up to 10,000, then "10,000+"); loads on its own and never blocks the table. */
function RunCount({ search }: { search: RunSearch }) {
  const trpc = useTRPC();
  const { before: _b, after: _a, limit: _l, orderBy: _o, ascending: _asc, ...filter } = search.input;
  const count = useQuery({ ...trpc.runs.count.queryOptions({ ...filter, limit: 1 }), staleTime: 10_000 });
  if (count.isPending) return <Skeleton className="h-4 w-20" />;
  if (count.isError) return <span className="text-xs text-zinc-500">count unavailable</span>;
  const { count: n, capped } = count.data;
  return (
    <span data-testid="run-count" className="text-sm text-zinc-500 dark:text-zinc-400">
      {capped ? `${n.toLocaleString("en-US")}+` : n.toLocaleString("en-US")} {n === 1 && !capped ? "run" : "runs"}
    </span>
  );
}

function FilterBar({ search, update, filterRef }: { search: RunSearch; update: UpdateSearch; filterRef: React.RefObject<HTMLInputElement | null> }) {
  const trpc = useTRPC();
  const { data: agents } = useSuspenseQuery(trpc.agents.list.queryOptions(AGENTS_FOR_FILTER));
  const input = search.input;
  const [open, setOpen] = useState(false);
  const count = activeFilterCount(input);
  const set = (key: string, value: unknown) => update({ [key]: encodeValue(key, value) });

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
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Status">
          {RUN_FILTER_FIELDS[0].options.map((status) => {
            const on = input.statuses?.includes(status) ?? false;
            return (
              <button
                key={status}
                type="button"
                aria-pressed={on}
                data-testid={`status-chip-${status}`}
                onClick={() => {
                  const next = on ? (input.statuses ?? []).filter((s) => s !== status) : [...(input.statuses ?? []), status];
                  set("statuses", next);
                }}
                className={`h-7 rounded-full border px-2.5 text-xs ${
                  on
                    ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
                    : "border-zinc-300 text-zinc-600 hover:border-zinc-400 dark:border-zinc-700 dark:text-zinc-300"
                }`}
              >
                {status}
              </button>
            );
          })}
        </div>
        <select
          aria-label="Agent"
          data-testid="agent-filter"
          className={inputClass}
          value={input.agentIds?.length === 1 ? input.agentIds[0] : input.agentId ?? ""}
          onChange={(e) => update({ agentIds: e.target.value || null, agentId: null })}
        >
          <option value="">All agents</option>
          {agents.items.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
        <button type="button" className={buttonClass("secondary")} aria-expanded={open} onClick={() => setOpen((v) => !v)} data-testid="more-filters">
          More filters{count ? ` (${count})` : ""}
        </button>
        {count > 0 && (
          <button
            type="button"
            className={buttonClass("ghost")}
            onClick={() => update(Object.fromEntries([...RUN_FILTER_FIELDS.map((f) => [f.key, null]), ["agentId", null], ["stepCountOperator", null], ["viewId", null]]))}
          >
            Clear all
          </button>
        )}
      </div>
      {open && (
        <div className="grid grid-cols-1 gap-3 rounded-lg border border-zinc-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-900/40">
          {RUN_FILTER_FIELDS.filter((f) => f.control !== "chips" && f.control !== "agents").map((field) => (
            <label key={field.key} className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
              {field.label}
              <FilterControl field={field} search={search} update={update} />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

type Field = (typeof RUN_FILTER_FIELDS)[number];

function toLocalInput(date: Date | undefined): string {
  if (!date) return "";
  const d = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** One control per filter kind; text-like controls commit on Enter or blur so history is not spammed. */
function FilterControl({ field, search, update }: { field: Field; search: RunSearch; update: UpdateSearch }) {
  const input = search.input;
  const value = input[field.key];
  const commitText = (raw: string) => update({ [field.key]: raw.trim() || null });
  const textProps = (current: string) => ({
    key: `${field.key}-${current}`,
    defaultValue: current,
    className: inputClass,
    onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => e.key === "Enter" && commitText(e.currentTarget.value),
    onBlur: (e: React.FocusEvent<HTMLInputElement>) => e.currentTarget.value.trim() !== current && commitText(e.currentTarget.value),
  });
  switch (field.control) {
    case "select":
      return (
        <select className={inputClass} value={(value as string) ?? ""} data-testid={`filter-${field.key}`} onChange={(e) => update({ [field.key]: e.target.value || null })}>
          <option value="">Any</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case "tristate":
      return (
        <select
          className={inputClass}
          data-testid={`filter-${field.key}`}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => update({ [field.key]: e.target.value || null })}
        >
          <option value="">Any</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      );
    case "datetime":
      return (
        <input
          type="datetime-local"
          className={inputClass}
          data-testid={`filter-${field.key}`}
          key={`${field.key}-${String(value)}`}
          defaultValue={toLocalInput(value as Date | undefined)}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (!v) update({ [field.key]: null });
            else if (!Number.isNaN(new Date(v).getTime())) update({ [field.key]: new Date(v).toISOString() }, { replace: true });
          }}
        />
      );
    case "steps":
      return (
        <span className="flex gap-1">
          <select
            aria-label="Steps comparison"
            className={inputClass}
            value={input.stepCountOperator}
            onChange={(e) => update({ stepCountOperator: e.target.value === "eq" ? null : e.target.value })}
          >
            {COMPARISON_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {{ eq: "=", gte: "≥", lte: "≤" }[op]}
              </option>
            ))}
          </select>
          <input type="number" min={0} inputMode="numeric" {...textProps(value === undefined ? "" : String(value))} data-testid="filter-stepCount" />
        </span>
      );
    case "duration": {
      const current = input.durationFilter;
      const op = current?.operator ?? "gt";
      const ms = current ? String(current.value / 1_000_000) : "";
      return (
        <span className="flex gap-1">
          <select
            aria-label="Duration comparison"
            className={inputClass}
            value={op}
            onChange={(e) => current && update({ durationFilter: `${e.target.value}:${ms}` })}
          >
            {DURATION_OPERATORS.map((o) => (
              <option key={o} value={o}>
                {{ gt: ">", lt: "<", eq: "=" }[o]}
              </option>
            ))}
          </select>
          <input
            type="number"
            min={0}
            key={`dur-${ms}`}
            defaultValue={ms}
            className={inputClass}
            data-testid="filter-duration"
            onKeyDown={(e) => e.key === "Enter" && update({ durationFilter: e.currentTarget.value ? `${op}:${e.currentTarget.value}` : null })}
            onBlur={(e) => e.currentTarget.value !== ms && update({ durationFilter: e.currentTarget.value ? `${op}:${e.currentTarget.value}` : null })}
          />
        </span>
      );
    }
    case "number":
      return <input type="number" min={0} max={100} {...textProps(value === undefined ? "" : String(value))} data-testid={`filter-${field.key}`} />;
    default:
      return <input {...textProps(encodeValue(field.key, value) ?? "")} data-testid={`filter-${field.key}`} />;
  }
}

function ViewsMenu({ search, update }: { search: RunSearch; update: UpdateSearch }) {
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
        update({ viewId: view.id, ...Object.fromEntries(RUN_FILTER_FIELDS.map((f) => [f.key, null])), agentId: null, stepCountOperator: null });
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
        onChange={(e) =>
          update({
            viewId: e.target.value || null,
            // Choosing a view starts from its filters alone.
            ...Object.fromEntries(RUN_FILTER_FIELDS.map((f) => [f.key, null])),
            agentId: null,
            stepCountOperator: null,
          })
        }
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
          <input name="name" autoFocus placeholder="View name" aria-label="View name" className={`${inputClass} w-36`} data-testid="view-name" />
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
          onClick={() => window.confirm(`Delete the view “${current.name}” for everyone in the organization?`) && remove.mutate({ viewId: current.id })}
        >
          Delete view
        </button>
      )}
      {error && <span className="text-xs text-red-600 dark:text-red-400">{error}</span>}
    </div>
  );
}

function ColumnPicker({ search, update }: { search: RunSearch; update: UpdateSearch }) {
  return (
    <details className="relative">
      <summary className={`${buttonClass("secondary")} list-none`} data-testid="column-picker">
        Columns
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-52 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        {RUN_COLUMNS.map((col) => {
          const on = search.cols.includes(col.id);
          return (
            <label key={col.id} className="flex items-center gap-2 rounded px-1 py-1 text-xs hover:bg-zinc-50 dark:hover:bg-zinc-800">
              <input
                type="checkbox"
                checked={on}
                disabled={col.id === "id"}
                onChange={() => {
                  const next = on ? search.cols.filter((c) => c !== col.id) : [...search.cols, col.id];
                  update({ cols: encodeCols(next) }, { keepCursor: true, replace: true });
                }}
              />
              {col.label}
            </label>
          );
        })}
      </div>
    </details>
  );
}

function ExportMenu() {
  const [query, setQuery] = useState("");
  // The export link carries the page's current filters and columns (read when the menu opens).
  useEffect(() => setQuery(window.location.search), []);
  return (
    <details className="relative" onToggle={() => setQuery(window.location.search)}>
      <summary className={`${buttonClass("secondary")} list-none`} data-testid="export-menu">
        Export
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-zinc-200 bg-white p-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        <p className="px-1 pb-1 text-zinc-500">Every run matching the filter, chosen columns:</p>
        {(["csv", "json", "jsonl"] as const).map((format) => {
          const params = new URLSearchParams(query);
          params.delete("before");
          params.delete("after");
          params.set("format", format);
          return (
            <a
              key={format}
              href={`/api/runs/export?${params}`}
              download
              data-testid={`export-${format}`}
              className="block rounded px-1 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-800"
            >
              {format.toUpperCase()}
            </a>
          );
        })}
      </div>
    </details>
  );
}
