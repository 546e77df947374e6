import { PageSkeleton } from "@/components/ui/primitives";

export default function AgentsLoading() {
  return <PageSkeleton />;
}
