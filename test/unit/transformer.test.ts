import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serializeOutput, transformer } from "@/server/transformer";

/**
 * The fast path must be indistinguishable from superjson.serialize on the wire: same JSON, same meta (the order of
 * meta.values' keys aside: superjson's follows JS integer-key ordering per level; deserializing ignores it).
 */
function expectSameAsSuperjson(value: unknown) {
  let expected: unknown;
  try {
    expected = JSON.parse(JSON.stringify(superjson.serialize(value)));
  } catch (error) {
    expected = error as Error;
  }
  if (expected instanceof Error) {
    expect(() => serializeOutput(value)).toThrow((expected as Error).message);
    return;
  }
  expect(JSON.parse(JSON.stringify(serializeOutput(value)))).toStrictEqual(expected);
}

// Response-shaped values: records with dates, nulls, undefined, nested JSON documents, keys with dots.
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("a.b", "a\\b", "x\\.y", ".", "createdAt", "0"));
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
const responseLike = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 6 }),
})).object;

describe("tRPC output serializer", () => {
  it("equals superjson.serialize on response-shaped values (dates, undefined, nested JSON, escaped keys)", () => {
    fc.assert(fc.property(responseLike, expectSameAsSuperjson), { numRuns: 500 });
  });

  it("equals superjson.serialize on anything (Maps, Sets, bigint, NaN, -0, sparse arrays, shared objects…)", () => {
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withMap: true,
          withSet: true,
          withBigInt: true,
          withNullPrototype: true,
          withSparseArray: true,
          withBoxedValues: false,
        }),
        expectSameAsSuperjson,
      ),
      { numRuns: 500 },
    );
  });

  it("falls back to superjson where the output needs more than dates and undefined", () => {
    const shared = { n: 1 };
    const date = new Date("2026-01-02T03:04:05.678Z");
    for (const value of [
      { a: shared, b: shared },
      { a: date, b: date },
      { m: new Map([["k", 1]]) },
      { n: Number.NaN, i: Infinity, z: -0 },
      { big: BigInt(7) },
      { list: [1, undefined, 3] },
      { optional: undefined },
      date,
      undefined,
    ]) {
      expectSameAsSuperjson(value);
      expect(superjson.deserialize(serializeOutput(value))).toEqual(value);
    }
    // superjson refuses these keys (prototype pollution): so must we, even when the value is a plain string.
    expectSameAsSuperjson({ constructor: "x" });
    expect(() => serializeOutput({ constructor: "x" })).toThrow(/prototype pollution/);
  });

  it("round-trips a runs page through superjson.deserialize (what @trpc/client does)", () => {
    const page = {
      items: [
        {
          id: "run-1",
          createdAt: new Date("2026-11-23T10:00:00.123Z"),
          completedAt: null,
          metadata: { "a.b": [1, { c: "d" }] },
          ttftNs: undefined,
        },
      ],
      nextCursor: null,
    };
    const wire = JSON.parse(JSON.stringify(transformer.output.serialize(page)));
    expect(wire.meta.values).toEqual({ "items.0.createdAt": ["Date"], "items.0.ttftNs": ["undefined"] });
    expect(superjson.deserialize(wire)).toEqual(page);
  });
});
