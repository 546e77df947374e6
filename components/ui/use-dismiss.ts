"use client";

import { useEffect, useRef } from "react";

/**
 * Closes a popup (a menu, a `<details>` dropdown) on a pointer press outside it and on Escape, as users expect of
 * every menu. `open` says whether it is open now; `close` closes it. Returns the ref to put on the popup's container.
 */
export function useDismiss<T extends HTMLElement>(open: boolean, close: () => void) {
  const ref = useRef<T>(null);
  const closeRef = useRef(close);
  useEffect(() => {
    closeRef.current = close;
  });
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) closeRef.current();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      closeRef.current();
      // Focus back on the control that opened it, so the keyboard user is where they were.
      ref.current?.querySelector<HTMLElement>("summary, button")?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  return ref;
}
