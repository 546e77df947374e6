import { describe, expect, it } from "vitest";
import { COMPRESS_MIN_BYTES, markSmallJsonUncompressed } from "@/server/http/encode-response";

const json = (body: string, headers: Record<string, string> = {}, status = 200) =>
  new Response(body, { status, headers: { "content-type": "application/json", ...headers } });

const GZIP = new Headers({ "accept-encoding": "gzip, deflate" });

describe("markSmallJsonUncompressed", () => {
  it("marks a JSON body under the threshold no-transform, keeping status, headers and bytes", async () => {
    const body = JSON.stringify({ result: { data: { json: { id: "run-1", note: "héllo" } } } });
    const out = await markSmallJsonUncompressed(GZIP, json(body, { "retry-after": "3" }, 429));
    expect(out.status).toBe(429);
    expect(out.headers.get("cache-control")).toBe("no-transform");
    expect(out.headers.get("retry-after")).toBe("3");
    expect(await out.text()).toBe(body);
  });

  it("adds no-transform to an existing Cache-Control", async () => {
    const out = await markSmallJsonUncompressed(GZIP, json("{}", { "cache-control": "no-store" }));
    expect(out.headers.get("cache-control")).toBe("no-store, no-transform");
  });

  it("leaves a body at or over the threshold to Next's compression", async () => {
    const body = JSON.stringify({ pad: "x".repeat(COMPRESS_MIN_BYTES) });
    const out = await markSmallJsonUncompressed(GZIP, json(body));
    expect(out.headers.get("cache-control")).toBeNull();
    expect(await out.text()).toBe(body);
  });

  it("passes streams and non-JSON answers through untouched", async () => {
    const stream = new Response("a\nb\n", { headers: { "content-type": "application/x-ndjson" } });
    expect(await markSmallJsonUncompressed(GZIP, stream)).toBe(stream);
    const empty = new Response(null, { status: 204 });
    expect(await markSmallJsonUncompressed(GZIP, empty)).toBe(empty);
  });

  it("leaves the answer alone for a client that accepts no compression (Next would not compress it)", async () => {
    for (const acceptEncoding of [null, "identity", "zstd"]) {
      const headers = new Headers(acceptEncoding ? { "accept-encoding": acceptEncoding } : {});
      const small = json("{}");
      expect(await markSmallJsonUncompressed(headers, small)).toBe(small);
    }
  });
});
