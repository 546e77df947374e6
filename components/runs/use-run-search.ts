"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseRunSearch, type RunSearch } from "./run-search";

export type UpdateSearch = (patch: Record<string, string | null>, options?: { replace?: boolean; keepCursor?: boolean }) => void;

/**
 * The runs URL as state: parsed with the same codec the RSC page used for its prefetch (so the query keys
 * match), updated with history.pushState (Next syncs useSearchParams; the back button walks the filters).
 */
export function useRunSearch(): { search: RunSearch; params: URLSearchParams; update: UpdateSearch } {
  const params = useSearchParams();
  const search = useMemo(() => parseRunSearch(new URLSearchParams(params.toString())), [params]);
  const update = useCallback<UpdateSearch>((patch, options = {}) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    // A new filter or sort starts from the first page.
    if (!options.keepCursor) {
      next.delete("before");
      next.delete("after");
    }
    const query = next.toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
    if (options.replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, []);
  return { search, params: new URLSearchParams(params.toString()), update };
}
