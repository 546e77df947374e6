import { Skeleton } from "./skeleton";
import { TableSkeleton } from "./table-skeleton";

/** A list page while it loads: title, toolbar and table placeholders (each page's loading.tsx). */
export function PageSkeleton({
  toolbarClassName = "h-24",
  rows = 8,
  gapClassName = "space-y-4",
}: {
  toolbarClassName?: string;
  rows?: number;
  gapClassName?: string;
}) {
  return (
    <main className={`mx-auto max-w-[1600px] ${gapClassName} px-3 py-4 sm:px-6`} aria-busy="true">
      <Skeleton className="h-7 w-40" />
      <Skeleton className={`${toolbarClassName} w-full`} />
      <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
        <TableSkeleton rows={rows} />
      </div>
    </main>
  );
}
