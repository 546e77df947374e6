"use client";

import { buttonClass, inputClass } from "@/components/ui/styles";
import { FilterLabel } from "./filter-label";

type LocalRange = { from: string; to: string };

/**
 * From/to in the viewer's time zone (datetime-local strings, kept by the filter bar so they survive closing the
 * form); applies only a valid range whose start is before its end.
 */
export function CustomRangeForm({
  value,
  onChange,
  onApply,
}: {
  value: LocalRange;
  onChange: (next: LocalRange) => void;
  onApply: (from: Date, to: Date) => void;
}) {
  const { from, to } = value;
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const fromDate = new Date(from);
        const toDate = new Date(to);
        if (Number.isNaN(fromDate.getTime()) || Number.isNaN(toDate.getTime()) || fromDate >= toDate) return;
        onApply(fromDate, toDate);
      }}
    >
      <label className="flex flex-col gap-1">
        <FilterLabel>From (local time)</FilterLabel>
        <input
          type="datetime-local"
          className={inputClass}
          value={from}
          onChange={(e) => onChange({ from: e.target.value, to })}
          required
        />
      </label>
      <label className="flex flex-col gap-1">
        <FilterLabel>To (local time)</FilterLabel>
        <input
          type="datetime-local"
          className={inputClass}
          value={to}
          onChange={(e) => onChange({ from, to: e.target.value })}
          required
        />
      </label>
      <button type="submit" className={buttonClass("primary")}>
        Apply range
      </button>
    </form>
  );
}
