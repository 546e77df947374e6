import { formatDurationNs } from "@/components/ui/format";

/** The run's value on a bar from 0 to the agent's p95 (×1.25), with p50 and p95 marked; n says how much to trust it. */
export function VsPercentiles({
  value,
  p50,
  p95,
  n,
}: {
  value: number | null;
  p50?: number | null;
  p95?: number | null;
  n: number;
}) {
  if (p50 == null || p95 == null) return <p className="text-[11px] text-zinc-500">No completed runs of this agent yet</p>;
  const max = Math.max(p95 * 1.25, value ?? 0);
  const pct = (v: number) => `${Math.min(100, (v / max) * 100)}%`;
  const slow = value != null && value > p95;
  return (
    <div className="mt-1.5 space-y-1">
      <div className="relative h-1.5 rounded-full bg-zinc-100 dark:bg-zinc-800">
        <div className="absolute inset-y-0 w-px bg-zinc-400" style={{ left: pct(p50) }} title="p50" />
        <div className="absolute inset-y-0 w-px bg-amber-500" style={{ left: pct(p95) }} title="p95" />
        {value != null && (
          <div
            className={`absolute -top-0.5 size-2.5 -translate-x-1/2 rounded-full ${slow ? "bg-red-500" : "bg-sky-500"}`}
            style={{ left: pct(value) }}
          />
        )}
      </div>
      <p className={`text-[11px] ${n < 20 ? "text-zinc-400" : "text-zinc-500"}`}>
        agent p50 {formatDurationNs(p50)} · p95 {formatDurationNs(p95)} · n={n}
        {n < 20 ? " (few runs)" : ""}
      </p>
    </div>
  );
}
