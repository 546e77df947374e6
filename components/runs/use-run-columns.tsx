"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useMemo } from "react";
import type { RunListItem } from "@/components/trpc/router-outputs";
import { COLUMN_BY_ID } from "./columns";
import { RunCell } from "./run-cell";
import type { RunSearch } from "./run-search";
import { SortHeader } from "./sort-header";
import type { UpdateSearch } from "./use-run-search";

/** The table's columns: a selection checkbox, then the chosen catalogue columns (sortable ones as sort buttons). */
export function useRunColumns(search: RunSearch, update: UpdateSearch) {
  const { orderBy, ascending } = search.input;
  return useMemo<ColumnDef<RunListItem>[]>(
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
              const sortable = column.sortable;
              if (!sortable) return column.label;
              return (
                <SortHeader label={column.label} sortable={sortable} orderBy={orderBy} ascending={ascending} update={update} />
              );
            },
            cell: ({ row }) => <RunCell column={column} run={row.original} />,
            meta: {
              type: column.type,
              ariaSort: !column.sortable
                ? undefined
                : orderBy !== column.sortable
                  ? "none"
                  : ascending
                    ? "ascending"
                    : "descending",
            },
          } satisfies ColumnDef<RunListItem>,
        ];
      }),
    ],
    [search.cols, orderBy, ascending, update],
  );
}
