/** One figure of the delivery health strip. */
export function HealthStat({ label, value, detail }: { label: string; value: React.ReactNode; detail?: React.ReactNode }) {
  return (
    <div className="min-w-0 px-4 py-3">
      <p className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</p>
      <p className="mt-0.5 text-lg font-semibold tabular-nums">{value}</p>
      {detail && <p className="text-xs text-zinc-500 dark:text-zinc-400">{detail}</p>}
    </div>
  );
}
