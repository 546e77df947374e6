"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { LocalTime } from "@/components/ui/local-time";

/** Every attempt of one delivery: outcome, HTTP status, time taken, error or response. */
export function Attempts({ deliveryId }: { deliveryId: string }) {
  const trpc = useTRPC();
  // Loaded on demand (not prefetched), so a plain query is right here.
  const { data, error, isPending } = useQuery(trpc.callbacks.attempts.queryOptions({ deliveryId, limit: 100 }));
  if (isPending) return <p className="text-xs text-zinc-500">Loading attempts…</p>;
  if (error) return <ErrorNotice error={error} />;
  if (data.length === 0) return <p className="text-xs text-zinc-500">No attempts yet.</p>;
  return (
    <table className="w-full text-left text-xs" data-testid="attempts">
      <thead className="text-zinc-500">
        <tr>
          <th className="py-1 pr-3 font-medium">#</th>
          <th className="pr-3 font-medium">Started</th>
          <th className="pr-3 font-medium">Outcome</th>
          <th className="pr-3 font-medium">Status</th>
          <th className="pr-3 font-medium">Took</th>
          <th className="pr-3 font-medium">Error / response</th>
        </tr>
      </thead>
      <tbody>
        {data.map((a) => (
          <tr key={a.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
            <td className="py-1 pr-3 tabular-nums">
              {a.attemptNumber}
              {a.manual ? " (manual)" : ""}
            </td>
            <td className="pr-3 whitespace-nowrap">
              <LocalTime date={a.startedAt} />
            </td>
            <td
              className={`pr-3 ${a.outcome === "delivered" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
            >
              {a.outcome}
            </td>
            <td className="pr-3 font-mono">{a.statusCode ?? "—"}</td>
            <td className="pr-3 tabular-nums">{a.durationMs} ms</td>
            <td className="max-w-md truncate pr-3 font-mono" title={a.error ?? a.responseBody ?? undefined}>
              {a.error ?? a.responseBody ?? "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
