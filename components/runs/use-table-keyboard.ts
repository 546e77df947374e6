"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * The runs table's keyboard: j/k move, Enter opens, x selects, / focuses the filter, ? shows the cheatsheet,
 * Escape hides it. Keys typed into a form control are left alone.
 */
export function useTableKeyboard(opts: {
  rows: { id: string }[];
  active: number;
  setActive: React.Dispatch<React.SetStateAction<number>>;
  toggleSelected: (id: string) => void;
  setCheatsheet: React.Dispatch<React.SetStateAction<boolean>>;
  tableRef: React.RefObject<HTMLTableSectionElement | null>;
  filterRef: React.RefObject<HTMLInputElement | null>;
}) {
  const router = useRouter();
  // The listener is registered once and reads the latest state through this ref.
  const stateRef = useRef(opts);
  useEffect(() => {
    stateRef.current = opts;
  });
  const { filterRef } = opts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const { rows, active, setActive, toggleSelected, setCheatsheet, tableRef } = stateRef.current;
      const move = (to: number) => {
        const next = Math.max(0, Math.min(rows.length - 1, to));
        setActive(next);
        tableRef.current?.querySelectorAll("tr")[next]?.scrollIntoView({ block: "nearest" });
      };
      if (e.key === "j") move(active + 1);
      else if (e.key === "k") move(active < 0 ? 0 : active - 1);
      else if (e.key === "Enter" && rows[active]) router.push(`/runs/${rows[active].id}`);
      else if (e.key === "x" && rows[active]) toggleSelected(rows[active].id);
      else if (e.key === "/") {
        e.preventDefault();
        filterRef.current?.focus();
      } else if (e.key === "?") setCheatsheet((v) => !v);
      else if (e.key === "Escape") setCheatsheet(false);
      else return;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, filterRef]);
}
