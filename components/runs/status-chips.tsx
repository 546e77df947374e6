import { RUN_FILTER_FIELDS } from "./run-search";

type Status = (typeof RUN_FILTER_FIELDS)[0]["options"][number];

/** One toggle chip per run status; `onChange` gets the new selection. */
export function StatusChips({
  selected,
  onChange,
}: {
  selected: readonly Status[] | undefined;
  onChange: (next: Status[]) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Status">
      {RUN_FILTER_FIELDS[0].options.map((status) => {
        const on = selected?.includes(status) ?? false;
        return (
          <button
            key={status}
            type="button"
            aria-pressed={on}
            data-testid={`status-chip-${status}`}
            onClick={() => onChange(on ? (selected ?? []).filter((s) => s !== status) : [...(selected ?? []), status])}
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
  );
}
