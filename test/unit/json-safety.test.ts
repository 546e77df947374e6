import { describe, expect, it } from "vitest";
import { JsonNestingError, parseJsonSafely, wellFormedJson } from "@/server/lib/json-safety";

describe("wellFormedJson / parseJsonSafely (every JSON boundary)", () => {
  it("replaces lone surrogates in strings and keys with U+FFFD, keeping pairs and key order", () => {
    const parsed = JSON.parse(String.raw`{"a":"x\ud800y","b\udc00":["\udbff",{"c":"😀"}],"z":1}`);
    const clean = wellFormedJson(parsed);
    expect(Object.keys(clean)).toEqual(["a", "b\ufffd", "z"]);
    expect(clean).toEqual({ a: "x\ufffdy", "b\ufffd": ["\ufffd", { c: "😀" }], z: 1 });
    expect(JSON.stringify(clean)).not.toMatch(/\\ud[89a-f]/i);
  });

  it("never sets a prototype through a __proto__ key", () => {
    const parsed = JSON.parse(String.raw`{"__proto__":{"polluted":"\ud800","k\udc00":1}}`);
    const clean = wellFormedJson(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect((clean as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(clean, "__proto__")?.value).toEqual({ polluted: "\ufffd", "k\ufffd": 1 });
  });

  it("refuses nesting past the limit, without running out of stack", () => {
    const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    expect(parseJsonSafely(deep(64))).toMatchObject({ ok: true });
    expect(parseJsonSafely(deep(65))).toEqual({ ok: false, reason: "must be nested at most 64 levels deep" });
    expect(parseJsonSafely(deep(1_000_000))).toMatchObject({ ok: false });
    expect(() => wellFormedJson(JSON.parse(deep(10)), 5)).toThrow(JsonNestingError);
    expect(parseJsonSafely("{nope")).toEqual({ ok: false, reason: "must be JSON" });
  });
});
