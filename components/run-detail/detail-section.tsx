"use client";

import { Suspense } from "react";
import { Card } from "@/components/ui/card";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { Skeleton } from "@/components/ui/skeleton";

/** One part of the run page: loads and fails on its own, with a titled placeholder meanwhile. */
export function DetailSection({ children, title }: { children: React.ReactNode; title: string }) {
  return (
    <ErrorBoundary>
      <Suspense
        fallback={
          <Card title={title}>
            <div className="p-4">
              <Skeleton className="h-24" />
            </div>
          </Card>
        }
      >
        {children}
      </Suspense>
    </ErrorBoundary>
  );
}
