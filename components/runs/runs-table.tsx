"use client";

import { useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { OPEN_RUN_STATUSES } from "@/db/schema/enums";
import { COLUMN_BY_ID, type RunColumn } from "./columns";
import type { RunSearch } from "./run-search";
import { formatDurationNs, formatNumber } from "@/components/format";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass, CallbackBadge, EmptyState, LocalTime, StatusBadge, useIsClient } from "@/components/ui/primitives";
import type { CallbackState } from "./columns";
import type { RunListItem } from "./columns";
import { BulkCancel } from "./bulk-cancel";
import { useCan } from "./use-permission";
import type { UpdateSearch } from "./use-run-search";

const LIVE_INTERVAL_MS = 4000;
const NEW_RUNS_INTERVAL_MS = 8000;
const OPEN_STATUSES = new Set<string>(OPEN_RUN_STATUSES);

function subscribeVisibility(cb: () => void) {
  document.addEventListener("visibilitychange", cb);
  return () => document.removeEventListener("visibilitychange", cb);
}
/** Polling stops while the tab is hidden. */
function usePageVisible() {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState === "visible",
    () => true,
  );
}

function Cell({ column, run }: { column: RunColumn; run: RunListItem }) {
  const value = column.value(run);
  switch (column.type) {
    case "id":
      return (
        <Link href={`/runs/${run.id}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400" title={run.id} onClick={(e) => e.stopPropagation()}>
          {run.id.slice(4, 12)}…
        </Link>
      );
    case "status":
      return <StatusBadge status={String(value)} />;
    case "date":
      return <LocalTime date={value as Date | null} className="whitespace-nowrap text-xs" />;
    case "duration":
      return <span className="whitespace-nowrap tabular-nums">{formatDurationNs(value as number | null)}</span>;
    case "number":
      return <span className="tabular-nums">{formatNumber(value as number | null)}</span>;
    case "callback":
      return <CallbackBadge state={value as CallbackState} code={run.callbackStatusCode} />;
    case "boolean":
      return <span>{value == null ? "—" : value ? "yes" : "no"}</span>;
    case "mono":
      return <span className="font-mono text-xs">{value == null ? "—" : String(value)}</span>;
    default:
      return <span>{value == null ? "—" : String(value)}</span>;
  }
}

const RIGHT_ALIGNED = new Set(["duration", "number"]);

export function RunsTable({
  search,
  loading,
  update,
  paused,
  setPaused,
  filterRef,
}: {
  search: RunSearch;
  loading: boolean;
  update: UpdateSearch;
  paused: boolean;
  setPaused: (fn: (p: boolean) => boolean) => void;
  filterRef: React.RefObject<HTMLInputElement | null>;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const input = search.input;
  const listOptions = trpc.runs.list.queryOptions(input, { refetchOnWindowFocus: false });
  const { data } = useSuspenseQuery(listOptions);
  const visible = usePageVisible();
  const live = visible && !paused;

  // Live patch: re-read the visible open runs by id every few seconds and overlay them in place.
  const openIds = data.items.filter((r) => OPEN_STATUSES.has(r.status)).map((r) => r.id);
  const patch = useQuery({
    ...trpc.runs.list.queryOptions({ runIds: openIds, limit: Math.max(openIds.length, 1) }),
    enabled: live && openIds.length > 0,
    refetchInterval: LIVE_INTERVAL_MS,
  });
  // New runs above the newest shown (first page, newest first): counted, not inserted, so nothing shifts.
  const firstPageNewest = input.orderBy === "created_at" && !input.ascending && !input.before && !input.after;
  const newest = data.items[0];
  const fresh = useQuery({
    ...trpc.runs.list.queryOptions({ ...input, before: newest?.id, after: undefined, limit: 100 }),
    enabled: live && firstPageNewest && Boolean(newest),
    refetchInterval: NEW_RUNS_INTERVAL_MS,
  });
  // An empty first page simply refetches itself: there is nothing to shift.
  useQuery({ ...listOptions, enabled: live && data.items.length === 0 && firstPageNewest, refetchInterval: NEW_RUNS_INTERVAL_MS });
  const newCount = fresh.data?.items.length ?? 0;

  const rows = useMemo(() => {
    const patched = new Map((patch.data?.items ?? []).map((r) => [r.id, r]));
    return data.items.map((r) => {
      const p = patched.get(r.id);
      return p && p.updatedAt >= r.updatedAt ? p : r;
    });
  }, [data.items, patch.data]);

  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);
  const [active, setActive] = useState(-1);
  const [cheatsheet, setCheatsheet] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  const canCancel = useCan("runs:cancel");
  const tableRef = useRef<HTMLTableSectionElement>(null);

  // A new filter or page: selection and cursor start over.
  const inputKey = JSON.stringify(input);
  const [lastKey, setLastKey] = useState(inputKey);
  if (lastKey !== inputKey) {
    setLastKey(inputKey);
    setRowSelection({});
    setAllMatching(false);
    setActive(-1);
    setBulkOpen(false);
  }

  const columns = useMemo<ColumnDef<RunListItem>[]>(
    () => [
      {
        id: "select",
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="Select all runs on this page"
            checked={table.getIsAllRowsSelected()}
            ref={(el) => {
              if (el) el.indeterminate = table.getIsSomeRowsSelected();
            }}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            aria-label={`Select run ${row.id}`}
            checked={row.getIsSelected()}
            onClick={(e) => e.stopPropagation()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
      ...search.cols.flatMap((id) => {
        const column = COLUMN_BY_ID.get(id);
        if (!column) return [];
        return [
          {
            id: column.id,
            header: () => {
              if (!column.sortable) return column.label;
              const sorted = input.orderBy === column.sortable;
              const arrow = sorted ? (input.ascending ? "↑" : "↓") : "";
              return (
                <button
                  type="button"
                  className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100"
                  aria-sort={sorted ? (input.ascending ? "ascending" : "descending") : "none"}
                  onClick={() =>
                    sorted
                      ? update({ ascending: input.ascending ? null : "true" })
                      : update({ orderBy: column.sortable === "created_at" ? null : column.sortable!, ascending: null })
                  }
                >
                  {column.label} <span aria-hidden>{arrow}</span>
                </button>
              );
            },
            cell: ({ row }) => <Cell column={column} run={row.original} />,
            meta: { type: column.type },
          } satisfies ColumnDef<RunListItem>,
        ];
      }),
    ],
    [search.cols, input.orderBy, input.ascending, update],
  );

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
    enableRowSelection: true,
  });
  const hydrated = useIsClient();
  const openNow = rows.filter((r) => OPEN_STATUSES.has(r.status)).length;
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);

  // Keyboard: j/k move, Enter opens, x selects, / focuses the filter, ? shows the cheatsheet.
  const stateRef = useRef({ rows, active });
  stateRef.current = { rows, active };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const { rows, active } = stateRef.current;
      const move = (to: number) => {
        const next = Math.max(0, Math.min(rows.length - 1, to));
        setActive(next);
        tableRef.current?.querySelectorAll("tr")[next]?.scrollIntoView({ block: "nearest" });
      };
      if (e.key === "j") move(active + 1);
      else if (e.key === "k") move(active < 0 ? 0 : active - 1);
      else if (e.key === "Enter" && rows[active]) router.push(`/runs/${rows[active].id}`);
      else if (e.key === "x" && rows[active]) {
        const id = rows[active].id;
        setRowSelection((s) => ({ ...s, [id]: !s[id] }));
      } else if (e.key === "/") {
        e.preventDefault();
        filterRef.current?.focus();
      } else if (e.key === "?") setCheatsheet((v) => !v);
      else if (e.key === "Escape") setCheatsheet(false);
      else return;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, filterRef]);

  const showNewRuns = () => {
    update({}, { replace: true });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
  };

  const hasOlder = input.before && !input.after ? true : Boolean(data.nextCursor);
  const hasNewer = input.before && !input.after ? Boolean(data.nextCursor) : Boolean(input.after);
  const first = data.items[0];
  const last = data.items[data.items.length - 1];

  return (
    // data-ready: hydrated, so keyboard shortcuts and live refresh are listening.
    <div className={loading ? "opacity-60 transition-opacity" : undefined} aria-busy={loading} data-ready={hydrated || undefined} data-testid="runs-view">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
        <button
          type="button"
          onClick={() => setPaused((p) => !p)}
          className={buttonClass("ghost")}
          aria-pressed={!paused}
          data-testid="live-toggle"
          title={paused ? "Resume live refresh" : "Pause live refresh"}
        >
          <span className={`size-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-zinc-400"}`} aria-hidden />
          {paused ? "Paused" : visible ? (openNow ? `Live · ${openNow} open` : "Live") : "Hidden tab"}
        </button>
        {newCount > 0 && (
          <button type="button" onClick={showNewRuns} className="rounded-full bg-sky-600 px-3 py-1 font-medium text-white shadow hover:bg-sky-700" data-testid="new-runs-pill">
            ↑ {newCount >= 100 ? "100+" : newCount} new {newCount === 1 ? "run" : "runs"}
          </button>
        )}
        {(selectedIds.length > 0 || allMatching) && (
          <div className="flex flex-wrap items-center gap-2" data-testid="selection-bar">
            <span className="font-medium">{allMatching ? "All matching runs selected" : `${selectedIds.length} selected`}</span>
            {!allMatching && (
              <button type="button" className="text-sky-700 underline dark:text-sky-400" onClick={() => setAllMatching(true)} data-testid="select-all-matching">
                Select all matching the filter
              </button>
            )}
            <button type="button" className={buttonClass("danger")} onClick={() => setBulkOpen(true)} disabled={!canCancel} title={canCancel ? undefined : "Your role cannot cancel runs"} data-testid="bulk-cancel">
              Cancel…
            </button>
            <button
              type="button"
              className={buttonClass("ghost")}
              onClick={() => {
                setRowSelection({});
                setAllMatching(false);
                setBulkOpen(false);
              }}
            >
              Clear selection
            </button>
          </div>
        )}
        <span className="ml-auto hidden text-zinc-500 sm:inline">
          <kbd className="rounded border border-zinc-300 px-1 dark:border-zinc-700">?</kbd> shortcuts
        </span>
      </div>
      {bulkOpen && (
        <BulkCancel
          target={allMatching ? { kind: "matching", input } : { kind: "ids", runIds: selectedIds }}
          onClose={() => setBulkOpen(false)}
          onDone={() => {
            setRowSelection({});
            setAllMatching(false);
            void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.runs.count.queryKey() });
          }}
        />
      )}
      {rows.length === 0 ? (
        <EmptyState title={input.before || input.after ? "No more runs this way" : "No runs match these filters"}>
          <p>Change or clear the filters{input.viewId ? ", or choose another view" : ""}. Runs created through the API appear here live.</p>
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[760px] text-sm" data-testid="runs-table">
            <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const type = (header.column.columnDef.meta as { type?: string } | undefined)?.type;
                    return (
                      <th key={header.id} scope="col" className={`px-3 py-2 ${header.id === "select" ? "w-8" : ""} ${type && RIGHT_ALIGNED.has(type) ? "text-right" : ""}`}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody ref={tableRef} className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {table.getRowModel().rows.map((row, index) => (
                <tr
                  key={row.id}
                  data-run-id={row.id}
                  data-status={row.original.status}
                  aria-selected={row.getIsSelected()}
                  data-active={index === active || undefined}
                  onClick={() => router.push(`/runs/${row.id}`)}
                  className={`cursor-pointer ${
                    index === active ? "bg-sky-50 outline outline-1 -outline-offset-1 outline-sky-400 dark:bg-sky-950/50" : row.getIsSelected() ? "bg-amber-50 dark:bg-amber-950/30" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                  }`}
                >
                  {row.getVisibleCells().map((cell) => {
                    const type = (cell.column.columnDef.meta as { type?: string } | undefined)?.type;
                    return (
                      <td key={cell.id} className={`whitespace-nowrap px-3 py-1.5 ${type && RIGHT_ALIGNED.has(type) ? "text-right" : ""}`}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="flex items-center justify-between gap-2 border-t border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
        <button type="button" className={buttonClass("secondary")} disabled={!hasNewer || !first} onClick={() => update({ before: first!.id, after: null }, { keepCursor: true })} data-testid="page-newer">
          ← {input.ascending ? "Previous" : "Newer"}
        </button>
        <span className="text-zinc-500">
          {rows.length} shown · page size
          <select
            aria-label="Page size"
            className="ml-1 rounded border border-zinc-300 bg-transparent dark:border-zinc-700"
            value={input.limit}
            onChange={(e) => update({ limit: e.target.value === "50" ? null : e.target.value })}
          >
            {[25, 50, 100, 250].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </span>
        <button type="button" className={buttonClass("secondary")} disabled={!hasOlder || !last} onClick={() => update({ after: last!.id, before: null }, { keepCursor: true })} data-testid="page-older">
          {input.ascending ? "Next" : "Older"} →
        </button>
      </nav>
      {cheatsheet && <Cheatsheet onClose={() => setCheatsheet(false)} />}
    </div>
  );
}

function Cheatsheet({ onClose }: { onClose: () => void }) {
  const keys: [string, string][] = [
    ["j / k", "next / previous run in this result"],
    ["Enter", "open the highlighted run"],
    ["x", "select / unselect the highlighted run"],
    ["/", "focus the filter"],
    ["?", "show / hide this list"],
  ];
  return (
    <div role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" className="fixed inset-0 z-40 grid place-items-center bg-black/40 p-4" onClick={onClose}>
      <div className="w-full max-w-sm rounded-lg bg-white p-4 shadow-xl dark:bg-zinc-900" onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-3 text-sm font-semibold">Keyboard shortcuts</h2>
        <dl className="space-y-1.5 text-sm">
          {keys.map(([k, d]) => (
            <div key={k} className="flex justify-between gap-4">
              <dt>
                <kbd className="rounded border border-zinc-300 px-1.5 font-mono text-xs dark:border-zinc-700">{k}</kbd>
              </dt>
              <dd className="text-zinc-600 dark:text-zinc-400">{d}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className={`${buttonClass("secondary")} mt-4 w-full`} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
