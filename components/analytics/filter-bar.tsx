"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RunStatus } from "@/components/trpc/router-outputs";
import { toLocalInput } from "@/components/ui/datetime-local";
import { inputClass } from "@/components/ui/styles";
import { runStatus } from "@/server/lib/common-schemas";
import {
  ANALYTICS_GROUPS,
  ANALYTICS_PERCENTILES,
  ANALYTICS_RANGES,
  type AnalyticsGroup,
} from "@/server/modules/analytics/schemas";
import { chip } from "./chip";
import { CustomRangeForm } from "./custom-range-form";
import { FilterLabel } from "./filter-label";
import { analyticsInputs } from "./inputs";
import { GROUP_LABELS, RANGE_LABELS, type AnalyticsSearch } from "./search";
import { useAnalyticsNav } from "./use-analytics-nav";

/** Range, grouping, measure and percentiles; then agents, statuses and project. Every change is a URL change. */
export function FilterBar({ search }: { search: AnalyticsSearch }) {
  const trpc = useTRPC();
  const { data: agentPage } = useSuspenseQuery(trpc.agents.list.queryOptions(analyticsInputs(search).agentOptions));
  const { go, hrefFor, pending } = useAnalyticsNav(search);
  const f = search.filters;
  const [customOpen, setCustomOpen] = useState(f.range === "custom");
  const [customRange, setCustomRange] = useState(() => ({ from: toLocalInput(f.from), to: toLocalInput(f.to) }));
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
          <FilterLabel>Range</FilterLabel>
          {ANALYTICS_RANGES.filter((r) => r !== "custom").map((r) => (
            <Link
              key={r}
              href={hrefFor({ filters: { range: r } })}
              scroll={false}
              className={chip(f.range === r)}
              aria-current={f.range === r || undefined}
            >
              {RANGE_LABELS[r]}
            </Link>
          ))}
          <button
            type="button"
            className={chip(f.range === "custom")}
            onClick={() => setCustomOpen((o) => !o)}
            aria-expanded={customOpen}
          >
            Custom…
          </button>
        </div>
        <label className="flex items-center gap-1.5">
          <FilterLabel>Group by</FilterLabel>
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
          <FilterLabel>Measure</FilterLabel>
          <Link href={hrefFor({ field: "duration" })} scroll={false} className={chip(search.field === "duration")}>
            Duration
          </Link>
          <Link href={hrefFor({ field: "ttft" })} scroll={false} className={chip(search.field === "ttft")}>
            TTFT
          </Link>
        </div>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Percentiles">
          <FilterLabel>Percentiles</FilterLabel>
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
            <FilterLabel>Line per group</FilterLabel>
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
        {pending && (
          <span className="text-xs text-zinc-500" role="status">
            Updating…
          </span>
        )}
      </div>

      {customOpen && (
        <CustomRangeForm
          value={customRange}
          onChange={setCustomRange}
          onApply={(from, to) => go({ filters: { range: "custom", from, to } })}
        />
      )}

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Agents">
          <FilterLabel>Agents</FilterLabel>
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
          <FilterLabel>Status</FilterLabel>
          {runStatus.options.map((s) => (
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
            <FilterLabel>Project</FilterLabel>
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
