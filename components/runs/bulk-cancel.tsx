"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { Skeleton } from "@/components/ui/skeleton";
import { buttonClass } from "@/components/ui/styles";
import type { ListRunsInput } from "@/server/modules/runs/schemas";
import type { BulkCancelActions, CancelActionResult } from "./cancel-actions";

export type BulkTarget = { kind: "ids"; runIds: string[] } | { kind: "matching"; input: ListRunsInput };

const fmt = (c: { count: number; capped: boolean }) => `${c.count.toLocaleString("en-US")}${c.capped ? "+" : ""}`;

/** Cancel with a preview ("N match, M already terminal") and a receipt (a result per run), through the page's server actions. */
export function BulkCancel({
  target,
  actions,
  onClose,
  onDone,
}: {
  target: BulkTarget;
  actions: BulkCancelActions;
  onClose: () => void;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const previewInput: ListRunsInput =
    target.kind === "ids"
      ? { runIds: target.runIds, limit: 1, orderBy: "created_at", ascending: false, stepCountOperator: "eq" }
      : { ...target.input, before: undefined, after: undefined };
  const preview = useQuery({ ...trpc.runs.cancelPreview.queryOptions(previewInput), staleTime: 0 });
  const [result, setResult] = useState<CancelActionResult | null>(null);
  const [pending, startTransition] = useTransition();

  const confirm = () =>
    startTransition(async () => {
      const outcome =
        target.kind === "ids" ? await actions.cancelRuns(target.runIds) : await actions.cancelMatchingRuns(previewInput);
      setResult(outcome);
      if (outcome.ok) onDone();
    });

  return (
    <section
      aria-label="Bulk cancel"
      data-testid="bulk-cancel-panel"
      className="border-b border-amber-300 bg-amber-50 px-3 py-3 text-sm dark:border-amber-900 dark:bg-amber-950/40"
    >
      {result ? (
        result.ok ? (
          <div data-testid="cancel-receipt">
            <p className="font-medium">
              Receipt: {result.receipt.cancelled} cancelled, {result.receipt.alreadyTerminal} already terminal
              {result.receipt.notFound > 0 && `, ${result.receipt.notFound} deleted meanwhile`}
            </p>
            <ul className="mt-2 max-h-48 space-y-0.5 overflow-auto font-mono text-xs">
              {result.receipt.results.slice(0, 500).map((r) => (
                <li key={r.runId} data-outcome={r.outcome}>
                  <Link href={`/runs/${r.runId}`} className="hover:underline">
                    {r.runId}
                  </Link>{" "}
                  —{" "}
                  {r.outcome === "cancelled"
                    ? "cancelled"
                    : r.outcome === "not_found"
                      ? "not found (deleted meanwhile)"
                      : `already terminal (${r.status})`}
                </li>
              ))}
              {result.receipt.results.length > 500 && <li>… and {result.receipt.results.length - 500} more</li>}
            </ul>
            <button type="button" className={`${buttonClass("secondary")} mt-2`} onClick={onClose}>
              Done
            </button>
          </div>
        ) : (
          <div>
            <ErrorNotice error={new Error(result.error)} />
            <button type="button" className={buttonClass("secondary")} onClick={onClose}>
              Close
            </button>
          </div>
        )
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          {preview.isPending ? (
            <Skeleton className="h-5 w-64" />
          ) : preview.isError ? (
            <span className="text-red-700 dark:text-red-400">Preview failed: {preview.error.message}</span>
          ) : (
            <p data-testid="cancel-preview">
              <strong>{fmt(preview.data.matching)}</strong> match, <strong>{fmt(preview.data.alreadyTerminal)}</strong> already
              terminal — <strong>{fmt(preview.data.cancellable)}</strong> will be cancelled.
            </p>
          )}
          <button
            type="button"
            className={buttonClass("danger")}
            disabled={pending || !preview.data || preview.data.cancellable.count === 0 || preview.data.matching.capped}
            onClick={confirm}
            data-testid="confirm-bulk-cancel"
          >
            {pending ? "Cancelling…" : "Confirm cancel"}
          </button>
          <button type="button" className={buttonClass("ghost")} onClick={onClose} disabled={pending}>
            Back
          </button>
          {preview.data?.matching.capped && (
            <span className="text-xs">More than 10,000 runs match: narrow the filter first.</span>
          )}
        </div>
      )}
    </section>
  );
}
