import { describe, expect, it } from "vitest";
import { dateInput, jsonObject, limitInput, MAX_JSON_DEPTH, MAX_METADATA_BYTES } from "@/server/lib/common-schemas";
import { callbackUrl, cancelRunsInput, listRunsInput } from "@/server/modules/runs/schemas";
import { createStepInput } from "@/server/modules/steps/schemas";

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.path.join("."));

/** An object whose JSON is exactly `bytes` long. */
const ofSize = (bytes: number) => ({ k: "x".repeat(bytes - '{"k":""}'.length) });
const nested = (depth: number): Record<string, unknown> => (depth <= 1 ? { leaf: 1 } : { n: nested(depth - 1) });

describe("jsonObject (metadata)", () => {
  const schema = jsonObject();
  it("accepts exactly 256 KB and refuses one byte more", () => {
    expect(JSON.stringify(ofSize(MAX_METADATA_BYTES)).length).toBe(MAX_METADATA_BYTES);
    expect(schema.safeParse(ofSize(MAX_METADATA_BYTES)).success).toBe(true);
    expect(schema.safeParse(ofSize(MAX_METADATA_BYTES + 1)).success).toBe(false);
  });

  it("counts bytes, not characters", () => {
    const multibyte = { k: "é".repeat(MAX_METADATA_BYTES / 2) }; // 2 bytes each, plus the envelope
    expect(schema.safeParse(multibyte).success).toBe(false);
  });

  it("bounds nesting depth", () => {
    expect(schema.safeParse(nested(MAX_JSON_DEPTH)).success).toBe(true);
    expect(schema.safeParse(nested(MAX_JSON_DEPTH + 2)).success).toBe(false);
  });

  it("refuses NUL characters and non-objects", () => {
    expect(schema.safeParse({ k: "a\u0000" }).success).toBe(false);
    expect(schema.safeParse({ "a\u0000": 1 }).success).toBe(false);
    expect(schema.safeParse([1, 2]).success).toBe(false);
    expect(schema.safeParse("text").success).toBe(false);
  });
});

describe("limitInput", () => {
  const schema = limitInput();
  it("defaults to 100 and accepts 1..1000 integers only", () => {
    expect(schema.parse(undefined)).toBe(100);
    expect(schema.parse(1)).toBe(1);
    expect(schema.parse(1000)).toBe(1000);
    for (const bad of [0, -1, 1001, 5000, 1.5, Number.NaN, "10"]) expect(schema.safeParse(bad).success, String(bad)).toBe(false);
  });
});

describe("dateInput", () => {
  it("takes Dates and ISO date-times with an offset", () => {
    expect(dateInput.parse(new Date(5))).toEqual(new Date(5));
    expect(dateInput.parse("2026-01-02T03:04:05.678Z")).toEqual(new Date("2026-01-02T03:04:05.678Z"));
    expect(dateInput.parse("2026-01-02T03:04:05+02:00")).toEqual(new Date("2026-01-02T01:04:05Z"));
  });

  it("refuses other strings, invalid Dates and years Postgres cannot round-trip", () => {
    for (const bad of ["2026-01-02", "yesterday", "", new Date("nope"), new Date(8.64e15), new Date("-000001-01-01T00:00:00Z")])
      expect(dateInput.safeParse(bad).success, String(bad)).toBe(false);
    expect(dateInput.safeParse(new Date("9999-12-31T23:59:59.999Z")).success).toBe(true);
    expect(dateInput.safeParse(new Date("0001-01-01T00:00:00.000Z")).success).toBe(true);
  });
});

describe("callbackUrl", () => {
  it("accepts absolute http(s) URLs only, without credentials, at most 2048 characters", () => {
    expect(callbackUrl.safeParse("https://example.com/hook?a=1").success).toBe(true);
    expect(callbackUrl.safeParse("http://127.0.0.1:8080/x").success).toBe(true);
    for (const bad of [
      "ftp://example.com",
      "javascript:alert(1)",
      "/relative",
      "https://u:p@example.com",
      "file:///etc/passwd",
      `https://e.com/${"a".repeat(2048)}`,
    ])
      expect(callbackUrl.safeParse(bad).success, bad).toBe(false);
  });
});

describe("cancelRunsInput", () => {
  const run = "run-00000000-0000-4000-8000-000000000000";
  const agent = "agent-00000000-0000-4000-8000-000000000000";
  it("takes exactly one of runId, agentId, runIds", () => {
    expect(cancelRunsInput.safeParse({ runId: run }).success).toBe(true);
    expect(cancelRunsInput.safeParse({ agentId: agent }).success).toBe(true);
    expect(cancelRunsInput.safeParse({ runIds: [run] }).success).toBe(true);
    expect(cancelRunsInput.safeParse({}).success).toBe(false);
    expect(cancelRunsInput.safeParse({ runId: run, agentId: agent }).success).toBe(false);
    expect(cancelRunsInput.safeParse({ runIds: [] }).success).toBe(false);
    expect(paths(cancelRunsInput.safeParse({ runIds: [run, "x"] }))).toEqual(["runIds.1"]);
  });
});

describe("listRunsInput", () => {
  it("fills defaults", () => {
    expect(listRunsInput.parse({})).toMatchObject({
      limit: 100,
      ascending: false,
      orderBy: "created_at",
      stepCountOperator: "eq",
    });
  });

  it("names endDate when the window is reversed", () => {
    expect(paths(listRunsInput.safeParse({ startDate: new Date(2), endDate: new Date(1) }))).toEqual(["endDate"]);
    expect(listRunsInput.safeParse({ startDate: new Date(1), endDate: new Date(1) }).success).toBe(true);
  });

  it("bounds durationPercentile to 0..100", () => {
    expect(listRunsInput.safeParse({ durationPercentile: 0 }).success).toBe(true);
    expect(listRunsInput.safeParse({ durationPercentile: 100 }).success).toBe(true);
    expect(paths(listRunsInput.safeParse({ durationPercentile: -1 }))).toEqual(["durationPercentile"]);
  });
});

describe("createStepInput", () => {
  it("needs a run or an agent, and fills token and message defaults", () => {
    expect(paths(createStepInput.safeParse({}))).toEqual(["runId"]);
    expect(createStepInput.parse({ agentId: "agent-00000000-0000-4000-8000-000000000000" })).toMatchObject({
      promptTokens: 0,
      completionTokens: 0,
      tags: [],
      messages: [],
      status: "pending",
    });
  });
});
