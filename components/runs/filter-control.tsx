"use client";

import { toLocalInput } from "@/components/ui/datetime-local";
import { inputClass } from "@/components/ui/styles";
import { COMPARISON_OPERATORS, DURATION_OPERATORS, encodeValue, RUN_FILTER_FIELDS, type RunSearch } from "./run-search";
import type { UpdateSearch } from "./use-run-search";

type Field = (typeof RUN_FILTER_FIELDS)[number];

/** One control per filter kind; text-like controls commit on Enter or blur so history is not spammed. */
export function FilterControl({ field, search, update }: { field: Field; search: RunSearch; update: UpdateSearch }) {
  const input = search.input;
  const value = input[field.key];
  const commitText = (raw: string) => update({ [field.key]: raw.trim() || null });
  const textProps = (current: string) => ({
    key: `${field.key}-${current}`,
    defaultValue: current,
    className: inputClass,
    onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => e.key === "Enter" && commitText(e.currentTarget.value),
    onBlur: (e: React.FocusEvent<HTMLInputElement>) =>
      e.currentTarget.value.trim() !== current && commitText(e.currentTarget.value),
  });
  switch (field.control) {
    case "select":
      return (
        <select
          className={inputClass}
          value={(value as string) ?? ""}
          data-testid={`filter-${field.key}`}
          onChange={(e) => update({ [field.key]: e.target.value || null })}
        >
          <option value="">Any</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case "tristate":
      return (
        <select
          className={inputClass}
          data-testid={`filter-${field.key}`}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => update({ [field.key]: e.target.value || null })}
        >
          <option value="">Any</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      );
    case "datetime":
      return (
        <input
          type="datetime-local"
          className={inputClass}
          data-testid={`filter-${field.key}`}
          key={`${field.key}-${String(value)}`}
          defaultValue={toLocalInput(value as Date | undefined)}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (!v) update({ [field.key]: null });
            else if (!Number.isNaN(new Date(v).getTime())) update({ [field.key]: new Date(v).toISOString() }, { replace: true });
          }}
        />
      );
    case "steps":
      return (
        <span className="flex gap-1">
          <select
            aria-label="Steps comparison"
            className={inputClass}
            value={input.stepCountOperator}
            onChange={(e) => update({ stepCountOperator: e.target.value === "eq" ? null : e.target.value })}
          >
            {COMPARISON_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {{ eq: "=", gte: "≥", lte: "≤" }[op]}
              </option>
            ))}
          </select>
          <input
            type="number"
            min={0}
            inputMode="numeric"
            {...textProps(value === undefined ? "" : String(value))}
            data-testid="filter-stepCount"
          />
        </span>
      );
    case "duration": {
      const current = input.durationFilter;
      const op = current?.operator ?? "gt";
      const ms = current ? String(current.value / 1_000_000) : "";
      return (
        <span className="flex gap-1">
          <select
            aria-label="Duration comparison"
            className={inputClass}
            value={op}
            onChange={(e) => current && update({ durationFilter: `${e.target.value}:${ms}` })}
          >
            {DURATION_OPERATORS.map((o) => (
              <option key={o} value={o}>
                {{ gt: ">", lt: "<", eq: "=" }[o]}
              </option>
            ))}
          </select>
          <input
            type="number"
            min={0}
            key={`dur-${ms}`}
            defaultValue={ms}
            className={inputClass}
            data-testid="filter-duration"
            onKeyDown={(e) =>
              e.key === "Enter" && update({ durationFilter: e.currentTarget.value ? `${op}:${e.currentTarget.value}` : null })
            }
            onBlur={(e) =>
              e.currentTarget.value !== ms &&
              update({ durationFilter: e.currentTarget.value ? `${op}:${e.currentTarget.value}` : null })
            }
          />
        </span>
      );
    }
    case "number":
      return (
        <input
          type="number"
          min={0}
          max={100}
          {...textProps(value === undefined ? "" : String(value))}
          data-testid={`filter-${field.key}`}
        />
      );
    default:
      return <input {...textProps(encodeValue(field.key, value) ?? "")} data-testid={`filter-${field.key}`} />;
  }
}
