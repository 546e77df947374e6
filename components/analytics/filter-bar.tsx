"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RUN_STATUSES, type RunStatus } from "@/db/schema/enums";
import { ANALYTICS_GROUPS, ANALYTICS_PERCENTILES, ANALYTICS_RANGES, type AnalyticsGroup } from "@/server/modules/analytics/schemas";
import { useTRPC } from "@/components/trpc/client";
import { buttonClass, inputClass } from "@/components/ui/primitives";
import { analyticsInputs } from "./inputs";
import { GROUP_LABELS, RANGE_LABELS, type AnalyticsSearch } from "./search";
import { useAnalyticsNav } from "./use-analytics-nav";

const chip = (active: boolean) =>
  `inline-flex h-7 items-center rounded-full px-2.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap ${
    active
      ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
      : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
  }`;

/** datetime-local wants "YYYY-MM-DDTHH:mm" in the viewer's zone. */
function toLocalInput(d: Date | undefined): string {
  if (!d) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function Label({ children }: { children: React.ReactNode }) {
  return <span className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{children}</span>;
}

export function FilterBar({ search }: { search: AnalyticsSearch }) {
  const trpc = useTRPC();
  const { data: agentPage } = useSuspenseQuery(trpc.agents.list.queryOptions(analyticsInputs(search).agentOptions));
  const { go, hrefFor, pending } = useAnalyticsNav(search);
  const f = search.filters;
  const [customOpen, setCustomOpen] = useState(f.range === "custom");
  const [from, setFrom] = useState(toLocalInput(f.from));
  const [to, setTo] = useState(toLocalInput(f.to));
  const projects = [...new Set(agentPage.items.map((a) => a.projectId).filter((p): p is string => !!p))];
  const toggle = <T,>(list: T[] | undefined, value: T) => {
    const next = list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value];
    return next.length ? next : undefined;
  };

  return (
    <section
      aria-label="Analytics filters"
      data-pending={pending || undefined}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Time range">
          <Label>Range</Label>
          {ANALYTICS_RANGES.filter((r) => r !== "custom").map((r) => (
            <Link key={r} href={hrefFor({ filters: { range: r } })} scroll={false} className={chip(f.range === r)} aria-current={f.range === r || undefined}>
              {RANGE_LABELS[r]}
            </Link>
          ))}
          <button type="button" className={chip(f.range === "custom")} onClick={() => setCustomOpen((o) => !o)} aria-expanded={customOpen}>
            Custom…
          </button>
        </div>
        <label className="flex items-center gap-1.5">
          <Label>Group by</Label>
          <select
            aria-label="Group by"
            className={inputClass}
            value={search.groupBy}
            onChange={(e) => go({ groupBy: e.target.value as AnalyticsGroup })}
          >
            {ANALYTICS_GROUPS.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-center gap-1.5" role="group" aria-label="Measure">
          <Label>Measure</Label>
          <Link href={hrefFor({ field: "duration" })} scroll={false} className={chip(search.field === "duration")}>
            Duration
          </Link>
          <Link href={hrefFor({ field: "ttft" })} scroll={false} className={chip(search.field === "ttft")}>
            TTFT
          </Link>
        </div>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Percentiles">
          <Label>Percentiles</Label>
          {ANALYTICS_PERCENTILES.map((p) => {
            const on = search.percentiles.includes(p);
            const next = on ? search.percentiles.filter((x) => x !== p) : [...search.percentiles, p].sort((a, b) => a - b);
            return (
              <button
                key={p}
                type="button"
                aria-pressed={on}
                disabled={on && search.percentiles.length === 1}
                className={chip(on)}
                onClick={() => go({ percentiles: next })}
              >
                p{p}
              </button>
            );
          })}
        </div>
        {search.groupBy !== "none" && search.percentiles.length > 1 && (
          <label className="flex items-center gap-1.5">
            <Label>Line per group</Label>
            <select
              aria-label="Percentile per group"
              className={inputClass}
              value={search.focus}
              onChange={(e) => go({ focus: Number(e.target.value) as AnalyticsSearch["focus"] })}
            >
              {search.percentiles.map((p) => (
                <option key={p} value={p}>
                  p{p}
                </option>
              ))}
            </select>
          </label>
        )}
        {pending && <span className="text-xs text-zinc-500" role="status">Updating…</span>}
      </div>

      {customOpen && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const fromDate = new Date(from);
            const toDate = new Date(to);
            if (Number.isNaN(fromDate.getTime()) || Number.isNaN(toDate.getTime()) || fromDate >= toDate) return;
            go({ filters: { range: "custom", from: fromDate, to: toDate } });
          }}
        >
          <label className="flex flex-col gap-1">
            <Label>From (local time)</Label>
            <input type="datetime-local" className={inputClass} value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label className="flex flex-col gap-1">
            <Label>To (local time)</Label>
            <input type="datetime-local" className={inputClass} value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <button type="submit" className={buttonClass("primary")}>
            Apply range
          </button>
        </form>
      )}

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Agents">
          <Label>Agents</Label>
          {agentPage.items.length === 0 && <span className="text-xs text-zinc-500">No agents yet</span>}
          {agentPage.items.map((a) => (
            <button
              key={a.id}
              type="button"
              aria-pressed={!!f.agentIds?.includes(a.id)}
              className={chip(!!f.agentIds?.includes(a.id))}
              onClick={() => go({ filters: { agentIds: toggle(f.agentIds, a.id) } })}
            >
              {a.name}
            </button>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Statuses">
          <Label>Status</Label>
          {RUN_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={!!f.statuses?.includes(s)}
              className={chip(!!f.statuses?.includes(s))}
              onClick={() => go({ filters: { statuses: toggle<RunStatus>(f.statuses, s) } })}
            >
              {s}
            </button>
          ))}
        </div>
        {projects.length > 0 && (
          <label className="flex items-center gap-1.5">
            <Label>Project</Label>
            <select
              aria-label="Project"
              className={`${inputClass} max-w-48`}
              value={f.projectId ?? ""}
              onChange={(e) => go({ filters: { projectId: e.target.value || undefined } })}
            >
              <option value="">All projects</option>
              {projects.map((p) => (
                <option key={p} value={p}>
                  {p.slice(0, 16)}…
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </section>
  );
}
