"use client";

import { Suspense } from "react";
import { Card } from "@/components/ui/card";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { TableSkeleton } from "@/components/ui/table-skeleton";

/** One card of the callbacks page: loads and fails on its own. */
export function CallbacksSection({
  title,
  children,
  actions,
}: {
  title: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <Card title={title} actions={actions}>
      <ErrorBoundary>
        <Suspense fallback={<TableSkeleton rows={4} />}>{children}</Suspense>
      </ErrorBoundary>
    </Card>
  );
}
