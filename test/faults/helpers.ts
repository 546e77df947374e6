import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Bundles a TypeScript entry point (with the `@/` paths, packages left external) into one ES module under
 * node_modules/.cache, so that each of the many restarts starts in ~0.3 s instead of ~2 s under tsx.
 */
const bundles: string[] = [];
export function bundle(file: string): string {
  const dir = path.join(ROOT, "node_modules/.cache/runtower-faults");
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `${path.basename(file, ".ts")}-${process.pid}.mjs`);
  buildSync({
    entryPoints: [path.join(ROOT, file)],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  bundles.push(outfile);
  return outfile;
}

/** Deletes the bundles this test file made (call from afterAll). */
export function removeBundles(): void {
  for (const file of bundles.splice(0)) fs.rmSync(file, { force: true });
}

/** A bundled entry point (see `bundle`) run as its own Node process. */
export function spawnBundle(bundled: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [bundled], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.exitCode !== null || child.signalCode !== null
      ? r({ code: child.exitCode, signal: child.signalCode })
      : child.once("exit", (code, signal) => r({ code, signal })),
  );

/** Resolves when the child prints `marker` (true) or exits first (false); collects its output. */
export function printed(child: ChildProcess, marker: string, output: { text: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      output.text += d.toString();
      if (output.text.includes(marker)) resolve(true);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => (output.text += d.toString()));
    child.once("exit", () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Runs `lane` in `parallel` lanes until `kills` SIGKILLs have landed in total; each lane call returns
 * whether its child was killed while alive. Returns the number of kills.
 */
export async function killRepeatedly(kills: number, parallel: number, lane: () => Promise<boolean>): Promise<number> {
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (done < kills) if (await lane()) done++;
    }),
  );
  return done;
}
