"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/styles";

/** Download links of /api/runs/export in each format. */
export function ExportMenu() {
  const [query, setQuery] = useState("");
  // The export link carries the page's current filters and columns (read when the menu opens).
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
