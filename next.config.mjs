/**
 * Headers every answer carries: pages, /api, /v1 and build assets (issue #13 item 12). Pages also get a
 * per-request CSP with a script nonce, and HSTS when the public URL is https, from proxy.ts.
 */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // The CSPs' frame-ancestors 'none' says the same to browsers that read CSP; this is for the others.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];
// API answers are data, never a document: nothing may load from them and nobody may frame them.
const API_HEADERS = [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  // Lets test suites build into their own folder without clobbering a developer's `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Serve /v1/runs/ and /v1/runs alike: Letta's SDK calls the trailing-slash form and a 308 costs a round trip.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: API_HEADERS },
      { source: "/v1/:path*", headers: API_HEADERS },
    ];
  },
};

export default nextConfig;
