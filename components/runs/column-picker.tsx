"use client";

import { buttonClass } from "@/components/ui/styles";
import { encodeCols, RUN_COLUMNS } from "./columns";
import type { RunSearch } from "./run-search";
import type { UpdateSearch } from "./use-run-search";

/** Which columns the table shows (`cols=` in the URL); the run id always stays. */
export function ColumnPicker({ search, update }: { search: RunSearch; update: UpdateSearch }) {
  return (
    <details className="relative">
      <summary className={`${buttonClass("secondary")} list-none`} data-testid="column-picker">
        Columns
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-52 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
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
      </div>
    </details>
  );
}
