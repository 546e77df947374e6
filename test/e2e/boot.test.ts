import { describe, expect, it } from "vitest";
import { startAppServer } from "@/test/helpers/app-server";

/**
 * A production start (`next start`) without its secrets, or with a publicly known value, exits non-zero at boot
 * (instrumentation's register), naming the variable and how to make one, instead of saying "Ready" and failing
 * every sign-in later.
 */
describe("production start refuses to run without its secrets", () => {
  it.each([
    ["BETTER_AUTH_SECRET", { BETTER_AUTH_SECRET: "" }],
    ["RUNTOWER_KEY_PEPPER", { RUNTOWER_KEY_PEPPER: "" }],
    ["RUNTOWER_KEY_PEPPER", { RUNTOWER_KEY_PEPPER: "runtower-development-pepper" }],
  ])("exits non-zero naming %s", async (name, env) => {
    const error = (await startAppServer({ env }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (e: unknown) => e as Error,
    )) as Error | null;
    expect(error?.message).toMatch(/next start exited with [1-9]/);
    expect(error?.message).toContain(name);
    expect(error?.message).toContain("openssl rand -base64 32");
  });
});
