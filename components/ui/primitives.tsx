"use client";

import { Component, useSyncExternalStore, type ReactNode } from "react";
import type { RunStatus } from "@/db/schema/enums";
import type { CallbackState } from "@/components/runs/columns";
import { prettyJson } from "@/components/format";

const noop = () => () => {};
/** False while hydrating (the server's render), true after: lets text differ by viewer without a mismatch. */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** A time in the viewer's time zone, UTC on hover. The server renders UTC; the client swaps in local time. */
export function LocalTime({ date, className }: { date: Date | string | null | undefined; className?: string }) {
  const isClient = useIsClient();
  if (!date) return <span className={className}>—</span>;
  const d = typeof date === "string" ? new Date(date) : date;
  const utc = d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return (
    <time dateTime={d.toISOString()} title={utc} className={className}>
      {isClient ? dateFormat.format(d) : utc}
    </time>
  );
}

const STATUS_STYLES: Record<RunStatus, string> = {
  created: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  pending: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  running: "bg-sky-50 text-sky-700 ring-sky-300 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800",
  completed: "bg-emerald-50 text-emerald-700 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  failed: "bg-red-50 text-red-700 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  cancelled: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  expired: "bg-zinc-100 text-zinc-500 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-400 dark:ring-zinc-700",
};

export function StatusBadge({ status }: { status: RunStatus | string }) {
  const style = STATUS_STYLES[status as RunStatus] ?? STATUS_STYLES.created;
  const open = status === "running" || status === "created" || status === "pending";
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}
    >
      {open && <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {status}
    </span>
  );
}

const CALLBACK_STYLES: Record<CallbackState, string> = {
  none: "text-zinc-400 dark:text-zinc-500",
  waiting: "text-zinc-500 dark:text-zinc-400",
  pending: "text-sky-700 dark:text-sky-300",
  delivered: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
};
const CALLBACK_LABELS: Record<CallbackState, string> = {
  none: "—",
  waiting: "waiting for run",
  pending: "pending",
  delivered: "delivered",
  failed: "failed",
};

export function CallbackBadge({ state, code }: { state: CallbackState; code?: number | null }) {
  return (
    <span data-callback={state} className={`text-xs ${CALLBACK_STYLES[state]}`}>
      {CALLBACK_LABELS[state]}
      {code != null && state !== "none" ? ` · ${code}` : ""}
    </span>
  );
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <div className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} aria-hidden />;
}

export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="space-y-2 p-3" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-7 w-full" />
      ))}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 px-4 py-12 text-center text-sm text-zinc-500 dark:text-zinc-400">
      <p className="font-medium text-zinc-700 dark:text-zinc-300">{title}</p>
      {children}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="m-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <p className="font-medium">Something went wrong</p>
      <p className="mt-1 break-words font-mono text-xs">{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} className={`${buttonClass("secondary")} mt-2`}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Catches a suspense query's error (or any render error) in one section, leaving the rest of the page up. */
export class ErrorBoundary extends Component<{ children: ReactNode; onReset?: () => void }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    if (this.state.error)
      return (
        <ErrorNotice
          error={this.state.error}
          onRetry={() => {
            this.props.onReset?.();
            this.setState({ error: null });
          }}
        />
      );
    return this.props.children;
  }
}

export function JsonBlock({ title, value, open = false }: { title: string; value: unknown; open?: boolean }) {
  return (
    <details open={open} className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium">{title}</summary>
      <pre className="max-h-96 overflow-auto border-t border-zinc-200 bg-zinc-50 p-3 text-xs dark:border-zinc-800 dark:bg-zinc-900">
        {value == null ? "null" : prettyJson(value)}
      </pre>
    </details>
  );
}

export function buttonClass(variant: "primary" | "secondary" | "danger" | "ghost" = "secondary", size: "sm" | "md" = "sm") {
  const base =
    "inline-flex items-center justify-center gap-1 rounded-md font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-50";
  const sizes = { sm: "h-8 px-2.5 text-xs", md: "h-9 px-3 text-sm" };
  const variants = {
    primary: "bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300",
    secondary:
      "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800",
    danger: "bg-red-600 text-white hover:bg-red-700 dark:bg-red-700 dark:hover:bg-red-600",
    ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
  };
  return `${base} ${sizes[size]} ${variants[variant]}`;
}

export const inputClass =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 placeholder:text-zinc-400 focus:outline-2 focus:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export function Card({ title, children, actions, className = "" }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40 ${className}`}>
      {(title || actions) && (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
          <h2 className="text-sm font-semibold">{title}</h2>
          {actions}
        </header>
      )}
      <div>{children}</div>
    </section>
  );
}

/** A list page while it loads: title, toolbar and table placeholders (each page's loading.tsx). */
export function PageSkeleton({ toolbarClassName = "h-24", rows = 8, gapClassName = "space-y-4" }: {
  toolbarClassName?: string;
  rows?: number;
  gapClassName?: string;
}) {
  return (
    <main className={`mx-auto max-w-[1600px] ${gapClassName} px-3 py-4 sm:px-6`} aria-busy="true">
      <Skeleton className="h-7 w-40" />
      <Skeleton className={`${toolbarClassName} w-full`} />
      <div className="rounded-lg border border-zinc-200 dark:border-zinc-800">
        <TableSkeleton rows={rows} />
      </div>
    </main>
  );
}
