import { NextResponse, type NextRequest } from "next/server";
import { HSTS, newNonce, pageCsp, publicUrlIsHttps } from "@/server/lib/security-headers";

/**
 * Pages get a CSP with a fresh nonce per request: Next reads it from the request's Content-Security-Policy header
 * and puts it on the scripts it renders. The headers every answer shares come from next.config.mjs.
 */
export function proxy(request: NextRequest) {
  const https = publicUrlIsHttps();
  const csp = pageCsp({ nonce: newNonce(), development: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Pages and their server actions only: API answers (/api, /v1) and build assets carry no scripts to nonce, and
  // keeping the proxy off them keeps its cost off every API call.
  matcher: ["/((?!api/|v1/|_next/static/|_next/image|favicon.ico).*)"],
};
