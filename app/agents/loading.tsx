import { Skeleton, TableSkeleton } from "@/components/ui/primitives";

export default function AgentsLoading() {
  return (
    <main className="mx-auto max-w-[1600px] space-y-4 px-3 py-4 sm:px-6" aria-busy="true">
      <Skeleton className="h-7 w-40" />
      <Skeleton className="h-24 w-full" />
      <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
        <TableSkeleton rows={8} />
      </div>
    </main>
  );
}
