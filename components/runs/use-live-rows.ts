"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/router-outputs";
import type { ListRunsInput } from "@/server/modules/runs/schemas";
import { OPEN_RUN_STATUSES } from "@/db/schema/enums";

const LIVE_INTERVAL_MS = 4000;
const NEW_RUNS_INTERVAL_MS = 8000;
export const OPEN_STATUSES = new Set<string>(OPEN_RUN_STATUSES);

/**
 * Keeps a page of runs current while `live`: its open runs are re-read by id and overlaid in place, and runs newer
 * than the first one shown are counted (not inserted, so nothing shifts under the pointer).
 */
export function useLiveRows(input: ListRunsInput, page: RouterOutputs["runs"]["list"], live: boolean) {
  const trpc = useTRPC();
  // Live patch: re-read the visible open runs by id every few seconds and overlay them in place.
  const openIds = page.items.filter((r) => OPEN_STATUSES.has(r.status)).map((r) => r.id);
  const patch = useQuery({
    ...trpc.runs.list.queryOptions({ runIds: openIds, limit: Math.max(openIds.length, 1) }),
    enabled: live && openIds.length > 0,
    refetchInterval: LIVE_INTERVAL_MS,
  });
  // New runs above the newest shown (first page, newest first): counted, not inserted, so nothing shifts.
  const firstPageNewest = input.orderBy === "created_at" && !input.ascending && !input.before && !input.after;
  const newest = page.items[0];
  const fresh = useQuery({
    ...trpc.runs.list.queryOptions({ ...input, before: newest?.id, after: undefined, limit: 100 }),
    enabled: live && firstPageNewest && Boolean(newest),
    refetchInterval: NEW_RUNS_INTERVAL_MS,
  });
  // An empty first page simply refetches itself: there is nothing to shift.
  useQuery({
    ...trpc.runs.list.queryOptions(input, { refetchOnWindowFocus: false }),
    enabled: live && page.items.length === 0 && firstPageNewest,
    refetchInterval: NEW_RUNS_INTERVAL_MS,
  });
  const newCount = fresh.data?.items.length ?? 0;

  const rows = useMemo(() => {
    const patched = new Map((patch.data?.items ?? []).map((r) => [r.id, r]));
    return page.items.map((r) => {
      const p = patched.get(r.id);
      return p && p.updatedAt >= r.updatedAt ? p : r;
    });
  }, [page.items, patch.data]);

  return { rows, newCount };
}
