import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 px-4 py-12 text-center text-sm text-zinc-500 dark:text-zinc-400">
      <p className="font-medium text-zinc-700 dark:text-zinc-300">{title}</p>
      {children}
    </div>
  );
}
