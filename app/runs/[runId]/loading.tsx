import { Skeleton } from "@/components/ui/skeleton";

export default function RunLoading() {
  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-3 py-4 sm:px-6" aria-busy="true">
      <Skeleton className="h-8 w-96 max-w-full" />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-20" />
        ))}
      </div>
      <Skeleton className="h-64" />
    </main>
  );
}
