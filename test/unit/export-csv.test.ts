import { describe, expect, it } from "vitest";
import { csvCell, csvHeader, csvLine, type CsvColumn } from "@/server/modules/runs/export-csv";

interface Row {
  name: string | null;
  ns: number | null;
  at: Date | null;
  n: number;
}
const columns: CsvColumn<Row>[] = [
  { id: "agent", type: "text", value: (r) => r.name },
  { id: "duration", type: "duration", value: (r) => r.ns },
  { id: "completedAt", type: "date", value: (r) => r.at },
  { id: "steps", type: "number", value: (r) => r.n },
];

describe("CSV cells (issue #13 item 13: formula injection)", () => {
  // OWASP: a cell a spreadsheet would read as a formula starts with = + - @ tab or CR; prefixed with ' it is text.
  it.each([
    ['=HYPERLINK("https://attacker.host","x")', `"'=HYPERLINK(""https://attacker.host"",""x"")"`],
    ["=1+1", `"'=1+1"`],
    ["+1+1", `"'+1+1"`],
    ["-1+cmd|' /C calc'!A0", `"'-1+cmd|' /C calc'!A0"`],
    ["@SUM(A1:A2)", `"'@SUM(A1:A2)"`],
    ["\t=1+1", `"'\t=1+1"`],
    ["\r=1+1", `"'\r=1+1"`],
    ["\n=1+1", `"'\n=1+1"`],
    // Full-width look-alikes that some spreadsheet locales also evaluate.
    ["\uff1d1+1", `"'\uff1d1+1"`],
    ["\uff0b1", `"'\uff0b1"`],
    ["\uff0d1", `"'\uff0d1"`],
    ["\uff201", `"'\uff201"`],
  ])("neutralises %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ["plain agent", "plain agent"],
    ["a,b", `"a,b"`],
    ['say "hi"', `"say ""hi"""`],
    ["two\nlines", `"two\nlines"`],
    ["a=b", "a=b"],
    ["", ""],
  ])("keeps %j (quoting only what CSV needs)", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes numbers, booleans, dates and nulls as values (a negative number is a number, not a formula)", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05.678Z");
    expect(csvCell({ k: "=1" })).toBe(`"{""k"":""=1""}"`);
  });
});

describe("CSV rows", () => {
  it("puts each duration's seconds beside its raw nanoseconds", () => {
    expect(csvHeader(columns)).toBe("agent,duration,durationSeconds,completedAt,steps\r\n");
    const row = { name: "=cmd", ns: 1_234_567_890, at: new Date("2026-01-02T00:00:00Z"), n: 3 };
    expect(csvLine(columns, row)).toBe(`"'=cmd",1234567890,1.23456789,2026-01-02T00:00:00.000Z,3\r\n`);
    expect(csvLine(columns, { ...row, ns: null })).toBe(`"'=cmd",,,2026-01-02T00:00:00.000Z,3\r\n`);
  });

  it.each([
    [0, "0"],
    [1, "0.000000001"],
    [999_999_999, "0.999999999"],
    [1_000_000_000, "1"],
    [1_500_000_000, "1.5"],
    [86_400_000_000_000, "86400"],
    [9_007_199_254_740_991, "9007199.254740991"],
  ])("%d ns is %s s, exactly", (ns, seconds) => {
    const line = csvLine([columns[1]], { name: null, ns, at: null, n: 0 });
    expect(line).toBe(`${ns},${seconds}\r\n`);
  });
});
