"use client";

import { Dropdown } from "@/components/ui/dropdown";
import { encodeCols, RUN_COLUMNS } from "./columns";
import type { RunSearch } from "./run-search";
import type { UpdateSearch } from "./use-run-search";

/** Which columns the table shows (`cols=` in the URL); the run id always stays. */
export function ColumnPicker({ search, update }: { search: RunSearch; update: UpdateSearch }) {
  return (
    <Dropdown label="Columns" testId="column-picker" panelClassName="w-52">
      {RUN_COLUMNS.map((col) => {
        const on = search.cols.includes(col.id);
        return (
          <label
            key={col.id}
            className="flex items-center gap-2 rounded px-1 py-1 text-xs hover:bg-zinc-50 dark:hover:bg-zinc-800"
          >
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
    </Dropdown>
  );
}
