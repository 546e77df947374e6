import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function AgentsLoading() {
  return <PageSkeleton />;
}
