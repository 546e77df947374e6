"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { formatNumber, formatCount } from "@/components/ui/format";
import { OPEN, POLL_MS, useRun } from "./use-run";

/** The run's tokens: prompt (cached input, cache write) and completion (reasoning), as bars. */
export function Usage({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const { data: run } = useRun(runId);
  const { data: usage } = useSuspenseQuery({
    ...trpc.runs.usage.queryOptions({ runId }),
    refetchInterval: OPEN.has(run.status) ? POLL_MS : false,
  });
  const rows: [string, number][] = [
    ["Prompt", usage.promptTokens],
    ["  cached input", usage.cachedInputTokens],
    ["  cache write", usage.cacheWriteTokens],
    ["Completion", usage.completionTokens],
    ["  reasoning", usage.reasoningTokens],
  ];
  const max = Math.max(usage.promptTokens, usage.completionTokens, 1);
  return (
    <Card
      title="Usage"
      actions={
        <span className="text-xs text-zinc-500" data-testid="usage-steps">
          {formatCount(usage.stepCount, "step")}
        </span>
      }
    >
      <div className="space-y-1.5 p-4 text-sm" data-testid="usage">
        <p className="text-2xl font-semibold tabular-nums">
          {formatNumber(usage.totalTokens)} <span className="text-sm font-normal text-zinc-500">tokens</span>
        </p>
        {rows.map(([label, n]) => (
          <div key={label} className="grid grid-cols-[8rem_1fr_4.5rem] items-center gap-2 text-xs">
            <span className={label.startsWith("  ") ? "pl-3 text-zinc-500" : ""}>{label.trim()}</span>
            <span className="h-1.5 rounded-full bg-zinc-100 dark:bg-zinc-800">
              <span className="block h-full rounded-full bg-sky-500" style={{ width: `${(n / max) * 100}%` }} />
            </span>
            <span className="text-right tabular-nums">{formatNumber(n)}</span>
          </div>
        ))}
      </div>
    </Card>
  );
}
