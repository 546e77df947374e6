import { describe, expect, it } from "vitest";
import { ID_PREFIXES, isId, newId, type IdKind } from "@/server/ids";

describe("ids", () => {
  const kinds = Object.keys(ID_PREFIXES) as IdKind[];

  it.each(kinds)("newId(%s) has its prefix and a v4 UUID, and isId accepts it", (kind) => {
    const id = newId(kind);
    expect(id.startsWith(`${ID_PREFIXES[kind]}-`)).toBe(true);
    expect(id.slice(ID_PREFIXES[kind].length + 1)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(isId(kind, id)).toBe(true);
  });

  it("rejects another kind's prefix, a missing UUID, upper case and padding", () => {
    const run = newId("run");
    expect(isId("agent", run)).toBe(false);
    expect(isId("step", run)).toBe(false);
    expect(isId("run", "run-")).toBe(false);
    expect(isId("run", "run-1234")).toBe(false);
    expect(isId("run", run.toUpperCase())).toBe(false);
    expect(isId("run", ` ${run}`)).toBe(false);
    expect(isId("run", `${run}\n`)).toBe(false);
    expect(isId("run", run.replace("run-", "run_"))).toBe(false);
    expect(isId("run", `run-${run}`)).toBe(false);
  });

  it("makes distinct ids", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId("message")));
    expect(ids.size).toBe(1000);
  });
});
