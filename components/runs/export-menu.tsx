"use client";

import { useState } from "react";
import { Dropdown } from "@/components/ui/dropdown";

/** Download links of /api/runs/export in each format. */
export function ExportMenu() {
  const [query, setQuery] = useState("");
  // The export link carries the page's current filters and columns (read when the menu opens).
  return (
    <Dropdown label="Export" testId="export-menu" panelClassName="w-56 text-xs" onOpen={() => setQuery(window.location.search)}>
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
    </Dropdown>
  );
}
