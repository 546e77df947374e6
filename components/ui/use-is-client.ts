"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};
/** False while hydrating (the server's render), true after: lets text differ by viewer without a mismatch. */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
