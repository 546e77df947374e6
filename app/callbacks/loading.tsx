import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function CallbacksLoading() {
  return <PageSkeleton />;
}
