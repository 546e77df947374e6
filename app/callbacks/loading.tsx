import { PageSkeleton } from "@/components/ui/primitives";

export default function CallbacksLoading() {
  return <PageSkeleton />;
}
