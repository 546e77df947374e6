/**
 * The one check for every redirect target a request supplies (sign-in's `next`, the organization switch's `back`):
 * a path on this origin, or `fallback`. The value is judged after decoding it until it stops changing, so no
 * encoding (`%2f`, `%252f`, `%09`) can hide a `//`, a `\`, a scheme or a control character a browser would drop or
 * fold. Malformed encodings and over-long values are refused rather than repaired.
 */
const MAX_LENGTH = 2048;
const MAX_DECODING_ROUNDS = 8;
// C0/C1 controls, DEL, and Unicode line/paragraph separators: browsers strip some of them from URLs, and any of
// them in a Location header is at best a 500.
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const ORIGIN = "http://runtower.invalid";

function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round < MAX_DECODING_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (decoded === current) return current;
    current = decoded;
  }
  return null;
}

/** A same-origin path: one leading `/`, not followed by `/` or `\`, no `\` or unsafe character anywhere. */
function isPlainPath(value: string): boolean {
  return /^\/(?![/\\])/.test(value) && !value.includes("\\") && !UNSAFE_CHARACTER.test(value);
}

export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > MAX_LENGTH || !isPlainPath(value)) return fallback;
  const decoded = fullyDecoded(value);
  // NFKC folds look-alikes such as the fullwidth solidus (U+FF0F) into `/`.
  if (decoded === null || !isPlainPath(decoded) || !isPlainPath(decoded.normalize("NFKC"))) return fallback;
  // Re-serialized by the URL parser, so what the browser receives is exactly what was judged.
  const url = new URL(value, ORIGIN);
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments are resolved by now: `/a/..//host` became `//host`, which is judged again here.
  return url.origin === ORIGIN && isPlainPath(path) ? path : fallback;
}
