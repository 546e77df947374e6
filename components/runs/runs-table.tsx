"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type RowSelectionState } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useCan } from "@/components/shell/use-can";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorNotice } from "@/components/ui/error-notice";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { useIsClient } from "@/components/ui/use-is-client";
import { BulkCancel } from "./bulk-cancel";
import type { BulkCancelActions } from "./cancel-actions";
import { Cheatsheet } from "./cheatsheet";
import { LiveToolbar } from "./live-toolbar";
import { Pager } from "./pager";
import type { RunSearch } from "./run-search";
import { SelectionBar } from "./selection-bar";
import { OPEN_STATUSES, useLiveRows } from "./use-live-rows";
import { usePageVisible } from "./use-page-visible";
import { useRunColumns } from "./use-run-columns";
import type { UpdateSearch } from "./use-run-search";
import { useTableKeyboard } from "./use-table-keyboard";

const EMPTY_PAGE: RouterOutputs["runs"]["list"] = { items: [], nextCursor: null };
// At phone width the table keeps what tells runs apart (id, status, agent, duration) and folds the rest away (bulk
// selection included), instead of scrolling sideways; a wider screen shows the chosen columns.
const PHONE_COLUMNS = new Set(["id", "status", "agent", "duration"]);
const phoneClass = (id: string) => (PHONE_COLUMNS.has(id) ? "" : "hidden md:table-cell");
const RIGHT_ALIGNED = new Set(["duration", "number"]);
const alignOf = (meta: unknown) => {
  const type = (meta as { type?: string } | undefined)?.type;
  return type && RIGHT_ALIGNED.has(type) ? "text-right" : "";
};
// The sort state belongs to the column header (a button has no aria-sort).
const ariaSortOf = (meta: unknown) => (meta as { ariaSort?: "ascending" | "descending" | "none" } | undefined)?.ariaSort;

/** The runs of one page of `runs.list`, kept live, with selection, bulk cancel, keyboard and paging. */
export function RunsTable({
  search,
  update,
  paused,
  setPaused,
  filterRef,
  actions,
}: {
  search: RunSearch;
  update: UpdateSearch;
  paused: boolean;
  setPaused: (fn: (p: boolean) => boolean) => void;
  filterRef: React.RefObject<HTMLInputElement | null>;
  actions: BulkCancelActions;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const input = search.input;
  // The previous page stays on screen (dimmed, aria-busy) while the next filter's page loads: no skeleton flash.
  const list = useQuery({
    ...trpc.runs.list.queryOptions(input, { refetchOnWindowFocus: false }),
    placeholderData: keepPreviousData,
  });
  const loading = list.isPlaceholderData;
  const data = list.data ?? EMPTY_PAGE;
  const visible = usePageVisible();
  const live = visible && !paused && !loading;
  const { rows, newCount } = useLiveRows(input, data, live);
  // "Newer" back onto the first page (nothing newer before the cursor): drop the cursor, so the page is the live
  // first page again (new runs announced, Newer disabled) instead of a frozen copy of it.
  const backOnFirstPage = Boolean(list.isSuccess && !loading && input.before && !input.after && !data.nextCursor);
  useEffect(() => {
    if (backOnFirstPage) update({}, { replace: true });
  }, [backOnFirstPage, update]);

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

  const columns = useRunColumns(search, update);
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
  const toggleSelected = (id: string) => setRowSelection((s) => ({ ...s, [id]: !s[id] }));
  useTableKeyboard({ rows, active, setActive, toggleSelected, setCheatsheet, tableRef, filterRef });

  const showNewRuns = () => {
    update({}, { replace: true });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.runs.count.queryKey() });
  };
  const clearSelection = () => {
    setRowSelection({});
    setAllMatching(false);
  };

  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <TableSkeleton rows={10} />;

  return (
    // data-ready: hydrated, so keyboard shortcuts and live refresh are listening.
    <div className="relative" aria-busy={loading} data-ready={hydrated || undefined} data-testid="runs-view">
      {loading && (
        <div role="status" className="absolute inset-x-0 top-0 h-0.5 animate-pulse bg-sky-500" data-testid="runs-loading">
          <span className="sr-only">Loading runs…</span>
        </div>
      )}
      <LiveToolbar
        paused={paused}
        onTogglePaused={() => setPaused((p) => !p)}
        live={live}
        visible={visible}
        openNow={openNow}
        newCount={newCount}
        onShowNew={showNewRuns}
      >
        {(selectedIds.length > 0 || allMatching) && (
          <SelectionBar
            selectedCount={selectedIds.length}
            allMatching={allMatching}
            onSelectAllMatching={() => setAllMatching(true)}
            canCancel={canCancel}
            onCancel={() => setBulkOpen(true)}
            onClear={() => {
              clearSelection();
              setBulkOpen(false);
            }}
          />
        )}
      </LiveToolbar>
      {bulkOpen && (
        <BulkCancel
          target={allMatching ? { kind: "matching", input } : { kind: "ids", runIds: selectedIds }}
          actions={actions}
          onClose={() => setBulkOpen(false)}
          onDone={() => {
            clearSelection();
            void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.runs.count.queryKey() });
          }}
        />
      )}
      {rows.length === 0 ? (
        <EmptyState title={input.before || input.after ? "No more runs this way" : "No runs match these filters"}>
          <p>
            Change or clear the filters{input.viewId ? ", or choose another view" : ""}. Runs created through the API appear here
            live.
          </p>
        </EmptyState>
      ) : (
        <div className={`overflow-x-auto transition-opacity ${loading ? "opacity-60" : ""}`}>
          <table className="w-full text-sm md:min-w-[760px]" data-testid="runs-table">
            <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={ariaSortOf(header.column.columnDef.meta)}
                      className={`px-2 py-2 md:px-3 ${header.id === "select" ? "w-8" : ""} ${phoneClass(header.id)} ${alignOf(header.column.columnDef.meta)}`}
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  ))}
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
                    index === active
                      ? "bg-sky-50 outline outline-1 -outline-offset-1 outline-sky-400 dark:bg-sky-950/50"
                      : row.getIsSelected()
                        ? "bg-amber-50 dark:bg-amber-950/30"
                        : "hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                  }`}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      data-column={cell.column.id}
                      className={`px-2 py-1.5 whitespace-nowrap md:px-3 ${phoneClass(cell.column.id)} ${
                        cell.column.id === "agent" ? "max-w-[6rem] truncate md:max-w-none" : ""
                      } ${alignOf(cell.column.columnDef.meta)}`}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager input={input} page={data} shown={rows.length} update={update} disabled={loading} />
      {cheatsheet && <Cheatsheet onClose={() => setCheatsheet(false)} />}
    </div>
  );
}
