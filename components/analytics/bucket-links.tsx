import Link from "next/link";
import { formatDurationNs } from "@/components/ui/format";
import { formatBucket } from "./chart-utils";
import type { ChartRow, LineDef, PercentileData } from "./percentile-lines";

/**
 * The clicked bucket of the chart, pinned below it: every line's value there as a link to exactly that line's runs.
 * Points of p95 and p99 often overlap (or coincide); a list never opens the wrong percentile.
 */
export function BucketLinks({
  data,
  lines,
  row,
  bucket,
  hrefOf,
  onClose,
}: {
  data: PercentileData;
  lines: LineDef[];
  row: ChartRow;
  bucket: number;
  hrefOf: (line: LineDef, bucket: number) => string;
  onClose: () => void;
}) {
  return (
    <div
      className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-xs dark:border-zinc-700 dark:bg-zinc-900"
      data-testid="bucket-links"
    >
      <div className="flex items-center gap-2">
        <p className="font-medium">Runs of {formatBucket(row.start, row.end)}, duration ≥ the percentile, slowest first</p>
        <button type="button" className="ml-auto text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100" onClick={onClose}>
          Close
        </button>
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {lines.map((line) => {
          const value = row.v[line.id];
          const n = data.series[line.seriesIndex].points[bucket]?.count ?? 0;
          return (
            <li key={line.id} className="flex items-center gap-1.5">
              <span className="inline-block size-2 rounded-full" style={{ background: line.color }} aria-hidden />
              {value == null ? (
                <span className="text-zinc-500">
                  {line.label} {n ? `withheld (n < ${data.thinBelow})` : "no runs"}
                </span>
              ) : (
                <Link href={hrefOf(line, bucket)} className="text-sky-700 underline dark:text-sky-400" data-line={line.label}>
                  {line.label} {formatDurationNs(value)} · n = {n}
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
