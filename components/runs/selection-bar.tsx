import { buttonClass } from "@/components/ui/styles";

/** What is selected (some rows, or every run matching the filter), and what can be done with it. */
export function SelectionBar({
  selectedCount,
  allMatching,
  onSelectAllMatching,
  canCancel,
  onCancel,
  onClear,
}: {
  selectedCount: number;
  allMatching: boolean;
  onSelectAllMatching: () => void;
  canCancel: boolean;
  onCancel: () => void;
  onClear: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="selection-bar">
      <span className="font-medium">{allMatching ? "All matching runs selected" : `${selectedCount} selected`}</span>
      {!allMatching && (
        <button
          type="button"
          className="text-sky-700 underline dark:text-sky-400"
          onClick={onSelectAllMatching}
          data-testid="select-all-matching"
        >
          Select all matching the filter
        </button>
      )}
      <button
        type="button"
        className={buttonClass("danger")}
        onClick={onCancel}
        disabled={!canCancel}
        title={canCancel ? undefined : "Your role cannot cancel runs"}
        data-testid="bulk-cancel"
      >
        Cancel…
      </button>
      <button type="button" className={buttonClass("ghost")} onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
