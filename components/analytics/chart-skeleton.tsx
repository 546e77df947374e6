import { Skeleton } from "@/components/ui/skeleton";

/** A chart card while its data loads. */
export function ChartSkeleton({ height = 320 }: { height?: number }) {
  return (
    <div className="p-4" aria-busy="true" aria-label="Loading chart">
      <Skeleton className="mb-3 h-4 w-1/3" />
      <div className="w-full animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" style={{ height }} aria-hidden />
    </div>
  );
}
