"use client";

import { useState } from "react";
import { buttonClass } from "./styles";
import { useDismiss } from "./use-dismiss";

/**
 * A `<details>` dropdown (works before hydration) that also closes on a click outside and on Escape.
 * `onOpen` runs each time it opens.
 */
export function Dropdown({
  label,
  testId,
  panelClassName,
  onOpen,
  children,
}: {
  label: React.ReactNode;
  testId: string;
  panelClassName: string;
  onOpen?: () => void;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const ref = useDismiss<HTMLDetailsElement>(open, () => setOpen(false));
  return (
    <details ref={ref} className="relative" open={open}>
      {/* React owns `open` once hydrated (the native toggle would fight the controlled attribute). */}
      <summary
        className={`${buttonClass("secondary")} list-none`}
        data-testid={testId}
        onClick={(e) => {
          e.preventDefault();
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {label}
      </summary>
      <div
        className={`absolute right-0 z-20 mt-1 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${panelClassName}`}
      >
        {children}
      </div>
    </details>
  );
}
