import type { RouterOutputs } from "@/components/trpc/router-outputs";

/**
 * The cancel server actions (app/runs/actions.ts) as components receive them: the pages pass them in as props,
 * so components never import app/. What every cancel action returns; the UI renders both branches.
 */
export type CancelActionResult =
  { ok: true; receipt: RouterOutputs["runs"]["cancel"] } | { ok: false; error: string; field?: string | null };

/** Cancels one run (the run page's Cancel button). */
export type CancelRunAction = (runId: string) => Promise<CancelActionResult>;

/** Cancels the selected runs, or every run a `runs.list` filter matches. */
export interface BulkCancelActions {
  cancelRuns: (runIds: string[]) => Promise<CancelActionResult>;
  cancelMatchingRuns: (filter: unknown) => Promise<CancelActionResult>;
}
