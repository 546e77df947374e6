import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/server/lib/safe-redirect";

// What a browser does with a Location header: resolve it against our origin. Whatever the sanitiser returns must
// stay on that origin, also for Chromium's leniencies (tabs/newlines removed, `\` read as `/`).
const ORIGIN = "https://runtower.example";
const landsOn = (location: string) => new URL(location.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), ORIGIN).origin;

describe("safeRedirectPath: only same-origin paths, judged after full decoding", () => {
  it.each([
    "/",
    "/runs",
    "/runs?status=failed&agent=agent-1",
    "/runs?q=a%2Fb",
    "/runs/run-00000000-0000-4000-8000-000000000000#steps",
    "/settings/api-keys",
    "/analytics?range=7d",
  ])("keeps %s", (path) => {
    expect(safeRedirectPath(path)).toBe(path);
  });

  it.each([
    // The reported bypass and its relatives: control characters that browsers drop, anywhere in the value.
    "/%09/attacker.host",
    "/\t/attacker.host",
    "/\n/attacker.host",
    "/\r\n/attacker.host",
    "/%0a/attacker.host",
    "/%0d%0a/attacker.host",
    "/%00/attacker.host",
    "\t//attacker.host",
    " //attacker.host",
    "/runs\nSet-Cookie: x=1",
    "/runs%0d%0aSet-Cookie:%20x=1",
    // Protocol-relative and backslash forms, plain and encoded, once or several times.
    "//attacker.host",
    "///attacker.host",
    "/\\attacker.host",
    "\\\\attacker.host",
    "/\\/attacker.host",
    "/%2fattacker.host",
    "/%2Fattacker.host",
    "%2F%2Fattacker.host",
    "/%5cattacker.host",
    "/%5Cattacker.host",
    "/%252fattacker.host",
    "/%25252fattacker.host",
    "/%2525252525252fattacker.host",
    "/%5c%5cattacker.host",
    "/runs\\..\\..\\attacker",
    // Dot segments the URL parser removes, leaving `//host` behind.
    "/a/..//attacker.host",
    "/.//attacker.host",
    "/%2e%2e//attacker.host",
    "/runs/.%2e//attacker.host",
    "/runs/%2e%2e/%2e%2e//attacker.host",
    // Schemes and absolute URLs.
    "https://attacker.host/",
    "http:attacker.host",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%6a%61%76%61%73%63%72%69%70%74:alert(1)",
    "attacker.host",
    "runs",
    "",
    // Malformed or oversized.
    "/%E0%A4%A",
    "/%",
    // Unicode that some parsers fold into `/` or treat as a line break.
    "/\u2028/attacker.host",
    "/\u0085/attacker.host",
    "/\uff0f\uff0fattacker.host",
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });

  it("falls back to the caller's default, and refuses non-strings", () => {
    expect(safeRedirectPath("//attacker.host", "/settings/api-keys")).toBe("/settings/api-keys");
    expect(safeRedirectPath(`/${"a".repeat(5000)}`)).toBe("/");
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(new Blob(["/runs"]) as unknown as string)).toBe("/");
  });

  it("never returns a value a browser resolves to another origin, or one with a control character (generated)", () => {
    const pieces = ["/", "//", "\\", "%2f", "%5c", "%25", "%09", "\t", "\n", "%0a", "@", ":", "attacker.host"];
    pieces.push(".", "..", "%2e", "?", "#", "%");
    for (let i = 0; i < 20_000; i++) {
      let value = "";
      for (let n = 1 + (i % 6); n > 0; n--) value += pieces[(i * 7919 + n * 104729) % pieces.length];
      const out = safeRedirectPath(value);
      expect(out.startsWith("/")).toBe(true);
      expect(out).not.toMatch(/[\u0000-\u001f\u007f\\]/);
      expect(landsOn(out)).toBe(ORIGIN);
      let decoded = out;
      for (let k = 0; k < 8; k++) decoded = decodeURIComponent(decoded);
      expect(landsOn(decoded)).toBe(ORIGIN);
    }
  });
});
