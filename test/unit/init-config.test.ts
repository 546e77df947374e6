import { describe, expect, it } from "vitest";
import { readInitConfig } from "@/server/modules/access/bootstrap";

// Next's types make NODE_ENV required on ProcessEnv; readInitConfig only reads RUNTOWER_INIT_*.
const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

const ENV = {
  RUNTOWER_INIT_ORG_ID: "org-0b00b000-0000-4000-8000-000000000001",
  RUNTOWER_INIT_PROJECT_ID: "project-0b00b000-0000-4000-8000-000000000001",
  RUNTOWER_INIT_API_KEY: "rt_init_bootstrap_key_0123456789abcdef",
};

describe("readInitConfig", () => {
  it("is null when none of RUNTOWER_INIT_* is set", () => {
    expect(readInitConfig(env({}))).toBeNull();
    expect(readInitConfig(env({ RUNTOWER_INIT_ORG_NAME: "only a name" }))).toBeNull();
  });

  it("reads the three values and defaults the names", () => {
    expect(readInitConfig(env(ENV))).toMatchObject({
      orgId: ENV.RUNTOWER_INIT_ORG_ID,
      projectId: ENV.RUNTOWER_INIT_PROJECT_ID,
      apiKey: ENV.RUNTOWER_INIT_API_KEY,
      orgName: "Default organization",
      projectName: "Default project",
    });
    expect(readInitConfig(env({ ...ENV, RUNTOWER_INIT_ORG_NAME: "Acme", RUNTOWER_INIT_PROJECT_NAME: "Prod" }))).toMatchObject({
      orgName: "Acme",
      projectName: "Prod",
    });
  });

  it.each(["RUNTOWER_INIT_ORG_ID", "RUNTOWER_INIT_PROJECT_ID", "RUNTOWER_INIT_API_KEY"] as const)(
    "refuses a partial set (without %s)",
    (missing) => {
      const partial: Record<string, string> = { ...ENV };
      delete partial[missing];
      expect(() => readInitConfig(env(partial))).toThrow(/must be set together/);
    },
  );

  it("refuses ids with the wrong prefix and short keys", () => {
    expect(() => readInitConfig(env({ ...ENV, RUNTOWER_INIT_ORG_ID: ENV.RUNTOWER_INIT_PROJECT_ID }))).toThrow(
      /RUNTOWER_INIT_ORG_ID/,
    );
    expect(() => readInitConfig(env({ ...ENV, RUNTOWER_INIT_PROJECT_ID: "project-1" }))).toThrow(/RUNTOWER_INIT_PROJECT_ID/);
    expect(() => readInitConfig(env({ ...ENV, RUNTOWER_INIT_API_KEY: "short" }))).toThrow(/at least 16/);
  });
});
