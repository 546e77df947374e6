/**
 * The security headers that depend on the request or the runtime configuration (issue #13 item 12), for proxy.ts:
 * each page's nonce-based CSP and, when the public URL is https, HSTS. The fixed headers every answer carries
 * (nosniff, X-Frame-Options, Referrer-Policy, and the API paths' CSP) are in next.config.mjs.
 */
export interface PageCspOptions {
  nonce: string;
  /** `next dev`: React rebuilds error stacks with eval, and HMR talks over a websocket. */
  development: boolean;
  https: boolean;
}

/**
 * A page's CSP. Scripts: only those carrying this request's nonce (Next puts it on its own scripts and inline
 * bootstrap) and what they load ('strict-dynamic'). Styles: 'self' and 'unsafe-inline', because recharts (and
 * Next's route announcer) write inline `style` attributes, which a nonce cannot cover; CSS cannot run script,
 * so this is the accepted trade-off.
 */
export function pageCsp({ nonce, development, https }: PageCspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** The public URL the operator configured (RUNTOWER_PUBLIC_URL, else BETTER_AUTH_URL) is https. */
export function publicUrlIsHttps(env: Record<string, string | undefined> = process.env): boolean {
  const url = env.RUNTOWER_PUBLIC_URL || env.BETTER_AUTH_URL || "";
  return /^https:\/\//i.test(url.trim());
}

/** Two years, subdomains included: what hstspreload.org asks for; sent only when the public URL is https. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** A nonce of 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
