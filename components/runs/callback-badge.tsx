import type { CallbackState } from "./columns";

const CALLBACK_STYLES: Record<CallbackState, string> = {
  none: "text-zinc-400 dark:text-zinc-500",
  waiting: "text-zinc-500 dark:text-zinc-400",
  pending: "text-sky-700 dark:text-sky-300",
  delivered: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
};
const CALLBACK_LABELS: Record<CallbackState, string> = {
  none: "—",
  waiting: "waiting for run",
  pending: "pending",
  delivered: "delivered",
  failed: "failed",
};

/** A run's callback delivery state (and the receiver's last HTTP status). */
export function CallbackBadge({ state, code }: { state: CallbackState; code?: number | null }) {
  return (
    <span data-callback={state} className={`text-xs ${CALLBACK_STYLES[state]}`}>
      {CALLBACK_LABELS[state]}
      {code != null && state !== "none" ? ` · ${code}` : ""}
    </span>
  );
}
