"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useActionState, useState } from "react";
import type { CancelActionResult, CancelRunAction } from "@/components/runs/cancel-actions";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass } from "@/components/ui/styles";

/** Cancel through the `cancelRun` server action: confirmation first, pending state, and the outcome spelled out. */
export function CancelRunButton({
  runId,
  cancellable,
  cancelRun,
}: {
  runId: string;
  cancellable: boolean;
  cancelRun: CancelRunAction;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // The outcome is handled where it arrives (in the action), not in an effect that would render twice.
  const [state, formAction, pending] = useActionState<CancelActionResult | null, FormData>(async () => {
    const result = await cancelRun(runId);
    setConfirming(false);
    if (result.ok) {
      void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.steps.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    }
    return result;
  }, null);
  const outcome = state?.ok ? state.receipt.results[0] : null;
  return (
    <div className="flex flex-col items-end gap-1 text-xs">
      {!cancellable && !state ? null : confirming ? (
        <form action={formAction} className="flex items-center gap-2">
          <span>Cancel this run?</span>
          <button type="submit" className={buttonClass("danger")} disabled={pending} data-testid="confirm-cancel-run">
            {pending ? "Cancelling…" : "Yes, cancel"}
          </button>
          <button type="button" className={buttonClass("ghost")} onClick={() => setConfirming(false)} disabled={pending}>
            Keep running
          </button>
        </form>
      ) : !cancellable ? null : (
        <button
          type="button"
          className={buttonClass("secondary", "md")}
          onClick={() => setConfirming(true)}
          data-testid="cancel-run"
        >
          Cancel run
        </button>
      )}
      {state && !state.ok && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
      {outcome && (
        <p role="status" data-testid="cancel-outcome">
          {outcome.outcome === "cancelled"
            ? "Run cancelled."
            : `The run had already ended (${outcome.status}); nothing was cancelled.`}
        </p>
      )}
    </div>
  );
}
