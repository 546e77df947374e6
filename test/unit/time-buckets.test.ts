import { describe, expect, it } from "vitest";
import { bucketEnd, bucketFloor, bucketStarts, chooseBucket, resolveRange } from "@/server/modules/analytics";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("chooseBucket", () => {
  it.each([
    [1 * M, "5s"],
    [5 * M - 1, "5s"],
    [5 * M, "30s"],
    [29 * M, "30s"],
    [30 * M, "1m"],
    [1 * H, "1m"],
    [2 * H, "5m"],
    [6 * H, "15m"],
    [23 * H, "15m"],
    [24 * H, "1h"],
    [3 * D - 1, "1h"],
    [3 * D, "6h"],
    [7 * D, "6h"],
    [14 * D, "1d"],
    [30 * D, "1d"],
    [60 * D, "1w"],
    [364 * D, "1w"],
    [365 * D, "1mo"],
    [5 * 365 * D, "1mo"],
  ])("a range of %i ms gets %s buckets", (range, id) => {
    expect(chooseBucket(range).id).toBe(id);
  });

  it("keeps every preset between 24 and 120 points", () => {
    for (const range of [1 * H, 24 * H, 7 * D, 30 * D]) {
      const bucket = chooseBucket(range);
      const to = new Date("2026-11-23T09:17:00Z");
      const n = bucketStarts(new Date(to.getTime() - range), to, bucket).length;
      expect(n).toBeGreaterThanOrEqual(24);
      expect(n).toBeLessThanOrEqual(121);
    }
  });
});

describe("bucketFloor / bucketEnd / bucketStarts", () => {
  it("aligns fixed buckets on UTC boundaries", () => {
    const t = new Date("2026-11-23T09:17:43.250Z");
    expect(bucketFloor(t, chooseBucket(10 * M)).toISOString()).toBe("2026-11-23T09:17:30.000Z");
    expect(bucketFloor(t, chooseBucket(12 * H)).toISOString()).toBe("2026-11-23T09:15:00.000Z");
    expect(bucketFloor(t, chooseBucket(7 * D)).toISOString()).toBe("2026-11-23T06:00:00.000Z");
    expect(bucketFloor(t, chooseBucket(30 * D)).toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });

  it("starts weeks on Monday and months on the 1st (UTC)", () => {
    const week = chooseBucket(90 * D);
    // 2026-11-23 is a Monday; the 26th a Thursday.
    expect(bucketFloor(new Date("2026-11-26T12:00:00Z"), week).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    const month = chooseBucket(400 * D);
    const start = bucketFloor(new Date("2026-02-14T12:00:00Z"), month);
    expect(start.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(bucketEnd(start, month).toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(bucketEnd(new Date("2026-12-01T00:00:00Z"), month).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("lists every bucket overlapping [from, to), including empty ones", () => {
    const bucket = chooseBucket(1 * H); // 1 min
    const starts = bucketStarts(new Date("2026-11-23T08:00:30Z"), new Date("2026-11-23T09:00:30Z"), bucket);
    expect(starts).toHaveLength(61);
    expect(starts[0].toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(starts.at(-1)!.toISOString()).toBe("2026-11-23T09:00:00.000Z");
    for (let i = 1; i < starts.length; i++) expect(starts[i].getTime() - starts[i - 1].getTime()).toBe(M);
  });

  it("ends exactly at `to` when `to` is on a boundary", () => {
    const bucket = chooseBucket(24 * H); // 1 h
    const starts = bucketStarts(new Date("2026-11-22T10:00:00Z"), new Date("2026-11-23T10:00:00Z"), bucket);
    expect(starts).toHaveLength(24);
  });
});

describe("resolveRange", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  it("resolves presets relative to now with an equally long previous period", () => {
    const r = resolveRange({ range: "7d" }, now);
    expect(r.to).toEqual(now);
    expect(r.from.toISOString()).toBe("2026-11-16T10:00:00.000Z");
    expect(r.previousFrom.toISOString()).toBe("2026-11-09T10:00:00.000Z");
    expect(r.bucket.id).toBe("6h");
  });
  it("uses custom from/to as given", () => {
    const r = resolveRange(
      { range: "custom", from: new Date("2026-11-23T09:00:00Z"), to: new Date("2026-11-23T09:20:00Z") },
      now,
    );
    expect(r.bucket.id).toBe("30s");
    expect(r.previousFrom.toISOString()).toBe("2026-11-23T08:40:00.000Z");
  });
});
