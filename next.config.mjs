/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  // Lets test suites build into their own folder without clobbering a developer's `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Serve /v1/runs/ and /v1/runs alike: Letta's SDK calls the trailing-slash form and a 308 costs a round trip.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
};

export default nextConfig;
