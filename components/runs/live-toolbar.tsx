import { buttonClass } from "@/components/ui/styles";

/** Above the table: live refresh on/off (and what it follows), the new-runs pill, the selection bar, the shortcuts hint. */
export function LiveToolbar({
  paused,
  onTogglePaused,
  live,
  visible,
  openNow,
  newCount,
  onShowNew,
  children,
}: {
  paused: boolean;
  onTogglePaused: () => void;
  live: boolean;
  visible: boolean;
  openNow: number;
  newCount: number;
  onShowNew: () => void;
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
      <button
        type="button"
        onClick={onTogglePaused}
        className={buttonClass("ghost")}
        aria-pressed={!paused}
        data-testid="live-toggle"
        title={paused ? "Resume live refresh" : "Pause live refresh"}
      >
        <span className={`size-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-zinc-400"}`} aria-hidden />
        {paused ? "Paused" : visible ? (openNow ? `Live · ${openNow} open` : "Live") : "Hidden tab"}
      </button>
      {newCount > 0 && (
        <button
          type="button"
          onClick={onShowNew}
          className="rounded-full bg-sky-600 px-3 py-1 font-medium text-white shadow hover:bg-sky-700"
          data-testid="new-runs-pill"
        >
          ↑ {newCount >= 100 ? "100+" : newCount} new {newCount === 1 ? "run" : "runs"}
        </button>
      )}
      {children}
      <span className="ml-auto hidden text-zinc-500 sm:inline">
        <kbd className="rounded border border-zinc-300 px-1 dark:border-zinc-700">?</kbd> shortcuts
      </span>
    </div>
  );
}
