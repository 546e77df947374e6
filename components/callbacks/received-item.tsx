"use client";

import type { RouterOutputs } from "@/components/trpc/router-outputs";
import { formatNumber, prettyJson } from "@/components/ui/format";
import { LocalTime } from "@/components/ui/local-time";

type Received = RouterOutputs["callbacks"]["received"]["items"][number];

/** One received callback: its run and status, which endpoint got it, and (opened) its headers and body. */
export function ReceivedItem({ item, endpointName }: { item: Received; endpointName: string }) {
  const payload = item.payload as { run_id?: string; status?: string } | null;
  return (
    <li data-testid="received" data-webhook-id={item.webhookId}>
      <details className="group">
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm select-none">
          <span
            className="inline-flex items-center gap-1 text-xs font-medium text-emerald-700 dark:text-emerald-400"
            title="The signature was verified before the callback was stored (unverified requests are refused with 401)"
          >
            <span aria-hidden>✓</span> signature verified
          </span>
          <span className="font-mono text-xs">{payload?.run_id ?? item.webhookId}</span>
          {payload?.status && <span className="text-xs text-zinc-600 dark:text-zinc-400">{payload.status}</span>}
          <span className="text-xs text-zinc-500">→ {endpointName}</span>
          <span className="ml-auto text-xs text-zinc-500">
            <LocalTime date={item.firstReceivedAt} />
            {item.receivedCount > 1 ? ` · received ${formatNumber(item.receivedCount)}×` : ""}
          </span>
        </summary>
        <div className="space-y-2 px-3 pb-3">
          <table className="text-xs" data-testid="received-headers">
            <tbody>
              <tr>
                <td className="pr-3 font-mono text-zinc-500">webhook-id</td>
                <td className="font-mono break-all">{item.webhookId}</td>
              </tr>
              <tr>
                <td className="pr-3 font-mono text-zinc-500">webhook-timestamp</td>
                <td className="font-mono">
                  {Math.floor(new Date(item.webhookTimestamp).getTime() / 1000)} (<LocalTime date={item.webhookTimestamp} />)
                </td>
              </tr>
              <tr>
                <td className="pr-3 font-mono text-zinc-500">webhook-signature</td>
                <td className="text-emerald-700 dark:text-emerald-400">verified</td>
              </tr>
              <tr>
                <td className="pr-3 font-mono text-zinc-500">last received</td>
                <td>
                  <LocalTime date={item.lastReceivedAt} />
                </td>
              </tr>
            </tbody>
          </table>
          <pre className="max-h-96 overflow-auto rounded-md bg-zinc-50 p-3 text-xs dark:bg-zinc-900" data-testid="received-body">
            {prettyJson(item.payload)}
          </pre>
        </div>
      </details>
    </li>
  );
}
