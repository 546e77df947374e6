import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { buttonClass } from "@/components/ui/styles";
import type { RunSearch } from "./run-search";
import type { UpdateSearch } from "./use-run-search";

/** Below the table: newer/older pages by keyset cursor (`before`/`after` = the first/last run shown), and page size. */
export function Pager({
  input,
  page,
  shown,
  update,
  disabled = false,
}: {
  input: RunSearch["input"];
  page: RouterOutputs["runs"]["list"];
  shown: number;
  update: UpdateSearch;
  /** While another page loads, `page` is the previous one: its cursors do not belong to `input`. */
  disabled?: boolean;
}) {
  const hasOlder = input.before && !input.after ? true : Boolean(page.nextCursor);
  const hasNewer = input.before && !input.after ? Boolean(page.nextCursor) : Boolean(input.after);
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return (
    <nav
      aria-label="Pages"
      className="flex items-center justify-between gap-2 border-t border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800"
    >
      <button
        type="button"
        className={buttonClass("secondary")}
        disabled={disabled || !hasNewer || !first}
        onClick={() => update({ before: first!.id, after: null }, { keepCursor: true })}
        data-testid="page-newer"
      >
        ← {input.ascending ? "Previous" : "Newer"}
      </button>
      <span className="text-zinc-500">
        {shown} shown · page size
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
      <button
        type="button"
        className={buttonClass("secondary")}
        disabled={disabled || !hasOlder || !last}
        onClick={() => update({ after: last!.id, before: null }, { keepCursor: true })}
        data-testid="page-older"
      >
        {input.ascending ? "Next" : "Older"} →
      </button>
    </nav>
  );
}
