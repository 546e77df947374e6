import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const E2E_DIST_DIR = ".next-test";

/**
 * Builds the app once per test run into its own dist dir (a developer's `.next` is left alone);
 * every end-to-end file then starts `next start` on it with a database of its own.
 * E2E_SKIP_BUILD=1 reuses the last build while iterating on tests.
 */
export default function setup() {
  const root = path.resolve(import.meta.dirname, "../..");
  if (process.env.E2E_SKIP_BUILD === "1" && fs.existsSync(path.join(root, E2E_DIST_DIR, "BUILD_ID"))) return;
  const started = Date.now();
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  console.log(`[e2e] next build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
