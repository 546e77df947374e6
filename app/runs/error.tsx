"use client";

import { ErrorNotice } from "@/components/ui/error-notice";

export default function RunsError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-3xl px-3 py-8">
      <ErrorNotice error={error} onRetry={reset} />
    </main>
  );
}
