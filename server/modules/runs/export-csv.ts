/**
 * The CSV rendering of a runs export (app/api/runs/export): cells a spreadsheet could evaluate are neutralised, and
 * each duration column (raw nanoseconds, as the API stores it) is followed by its value in seconds.
 */
export interface CsvColumn<Row> {
  id: string;
  type: string;
  value: (row: Row) => unknown;
}

/** A cell's value as exports write it (CSV and JSON alike): dates as ISO strings, objects as JSON. */
export function exportValue(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return JSON.stringify(value);
}

// OWASP's CSV-injection list (= + - @ tab CR), plus LF and the full-width forms some spreadsheet locales evaluate.
const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

export function csvCell(value: unknown): string {
  const v = exportValue(value);
  if (v === null) return "";
  if (typeof v !== "string") return String(v);
  // The leading ' makes spreadsheets read the cell as text; the quotes keep the ' part of the cell.
  if (FORMULA_START.test(v)) return `"'${v.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Exact decimal seconds of an integer nanosecond count ("1.5", never 1.5000000000000002). */
function seconds(ns: unknown): string {
  if (ns === null || ns === undefined || ns === "") return "";
  if (typeof ns !== "number" && typeof ns !== "string" && typeof ns !== "bigint") return "";
  let whole: bigint;
  try {
    whole = BigInt(ns);
  } catch {
    return "";
  }
  const sign = whole < 0n ? "-" : "";
  const abs = whole < 0n ? -whole : whole;
  const fraction = (abs % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${sign}${abs / 1_000_000_000n}${fraction ? `.${fraction}` : ""}`;
}

const isDuration = (column: { type: string }) => column.type === "duration";

export function csvHeader<Row>(columns: readonly CsvColumn<Row>[]): string {
  return `${columns.flatMap((c) => (isDuration(c) ? [c.id, `${c.id}Seconds`] : [c.id])).join(",")}\r\n`;
}

export function csvLine<Row>(columns: readonly CsvColumn<Row>[], row: Row): string {
  const cells = columns.flatMap((c) => {
    const value = c.value(row);
    return isDuration(c) ? [csvCell(value), seconds(value)] : [csvCell(value)];
  });
  return `${cells.join(",")}\r\n`;
}
