import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function RunsLoading() {
  return <PageSkeleton toolbarClassName="h-8" rows={12} gapClassName="space-y-3" />;
}
