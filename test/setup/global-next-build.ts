import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILDS = ".next-test";
const STALE_MS = 30 * 60_000;

function completeBuilds(): { dir: string; mtime: number }[] {
  const base = path.join(ROOT, BUILDS);
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base)
    .map((name) => path.join(BUILDS, name))
    .filter((dir) => fs.existsSync(path.join(ROOT, dir, "BUILD_ID")))
    .map((dir) => ({ dir, mtime: fs.statSync(path.join(ROOT, dir, "BUILD_ID")).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
}

/**
 * Builds the app once per test run into a dist dir of its own (.next-test/<pid>), so a developer's `.next`
 * and concurrent test runs never clobber each other; every end-to-end file then starts `next start` on
 * it with a database of its own. E2E_SKIP_BUILD=1 reuses the newest complete build while iterating on tests.
 */
export default function setup(project: TestProject) {
  const reuse = process.env.E2E_SKIP_BUILD === "1" ? completeBuilds()[0] : undefined;
  if (reuse) {
    project.provide("nextDistDir", reuse.dir);
    return;
  }
  const distDir = path.join(BUILDS, String(process.pid));
  const started = Date.now();
  // `next build` adds its dist dir's type folders to tsconfig.json; a per-run dir would grow it forever.
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfig = fs.readFileSync(tsconfigPath, "utf8");
  try {
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: ROOT,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "inherit"],
    });
  } finally {
    fs.writeFileSync(tsconfigPath, tsconfig);
  }
  console.log(`[e2e] next build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("nextDistDir", distDir);
  return () => {
    // Keep the newest build for E2E_SKIP_BUILD; drop ours if a newer one exists, and any stale ones.
    const builds = completeBuilds();
    for (const build of builds.slice(1)) {
      if (build.dir === distDir || Date.now() - build.mtime > STALE_MS)
        fs.rmSync(path.join(ROOT, build.dir), { recursive: true, force: true });
    }
  };
}
