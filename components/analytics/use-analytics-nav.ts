"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { analyticsQuery, patchSearch, type AnalyticsPatch, type AnalyticsSearch } from "./search";

/** Moves the page to a patched analytics state by changing the URL (the RSC page re-parses and prefetches it). */
export function useAnalyticsNav(search: AnalyticsSearch) {
  const router = useRouter();
  const pathname = usePathname() ?? "/analytics";
  const [pending, startTransition] = useTransition();
  const hrefFor = (patch: AnalyticsPatch) => `${pathname}${analyticsQuery(patchSearch(search, patch))}`;
  const go = (patch: AnalyticsPatch) => startTransition(() => router.push(hrefFor(patch), { scroll: false }));
  return { go, hrefFor, pending };
}
