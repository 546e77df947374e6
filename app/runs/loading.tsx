import { PageSkeleton } from "@/components/ui/primitives";

export default function RunsLoading() {
  return <PageSkeleton toolbarClassName="h-8" rows={12} gapClassName="space-y-3" />;
}
