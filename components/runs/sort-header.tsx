import type { RunColumn } from "./columns";
import type { RunSearch } from "./run-search";
import type { UpdateSearch } from "./use-run-search";

/** A sortable column's header: sorts by it (newest/slowest first), or flips the direction when it already sorts. */
export function SortHeader({
  label,
  sortable,
  orderBy,
  ascending,
  update,
}: {
  label: string;
  sortable: NonNullable<RunColumn["sortable"]>;
  orderBy: RunSearch["input"]["orderBy"];
  ascending: boolean;
  update: UpdateSearch;
}) {
  const sorted = orderBy === sortable;
  const arrow = sorted ? (ascending ? "↑" : "↓") : "";
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100"
      onClick={() =>
        sorted
          ? update({ ascending: ascending ? null : "true" })
          : update({ orderBy: sortable === "created_at" ? null : sortable, ascending: null })
      }
    >
      {label} <span aria-hidden>{arrow}</span>
    </button>
  );
}
