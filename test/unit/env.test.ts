import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_AUTH_SECRET, DEVELOPMENT_KEY_PEPPER, ENV_VARIABLES, parseEnv, productionSecretProblems } from "@/server/env";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SECRET = "0123456789abcdef0123456789abcdef0123456789ab";

/** The variables README's Configuration table names (first column, in backticks). */
function documentedVariables(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? "";
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  return rows.flatMap((row) => [...row.split("|")[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]));
}

describe("server/env.ts", () => {
  it("README's Configuration table documents every variable, and no other", () => {
    expect([...new Set(documentedVariables())].sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it(".env.example mentions every variable", () => {
    const example = fs.readFileSync(path.join(ROOT, ".env.example"), "utf8");
    expect(ENV_VARIABLES.filter((name) => !example.includes(name))).toEqual([]);
  });

  it("parses numbers and flags, naming the variable that is wrong", () => {
    expect(parseEnv({})).toMatchObject({ RUNTOWER_RATE_LIMIT_PER_MINUTE: 6000, DATABASE_POOL_SIZE: 10, NODE_ENV: "development" });
    expect(parseEnv({ RUNTOWER_RATE_LIMIT_PER_MINUTE: "0", DATABASE_URL: "" })).toMatchObject({
      RUNTOWER_RATE_LIMIT_PER_MINUTE: 0,
      DATABASE_URL: undefined,
    });
    expect(() => parseEnv({ RUNTOWER_RATE_LIMIT_PER_MINUTE: "lots" })).toThrow(/RUNTOWER_RATE_LIMIT_PER_MINUTE/);
    expect(() => parseEnv({ RUNTOWER_SEED_DEMO: "yes" })).toThrow(/RUNTOWER_SEED_DEMO/);
  });

  it("a production start needs both secrets, not a public default, and says how to make one", () => {
    const production = (vars: Record<string, string>) => productionSecretProblems(parseEnv({ NODE_ENV: "production", ...vars }));
    expect(productionSecretProblems(parseEnv({ NODE_ENV: "development" }))).toEqual([]);
    expect(production({ BETTER_AUTH_SECRET: SECRET, RUNTOWER_KEY_PEPPER: `${SECRET}x` })).toEqual([]);
    const missing = production({});
    expect(missing).toHaveLength(2);
    expect(missing[0]).toMatch(/BETTER_AUTH_SECRET.*openssl rand -base64 32/);
    expect(missing[1]).toMatch(/RUNTOWER_KEY_PEPPER.*openssl rand -base64 32/);
    expect(production({ BETTER_AUTH_SECRET: DEVELOPMENT_AUTH_SECRET, RUNTOWER_KEY_PEPPER: DEVELOPMENT_KEY_PEPPER })).toEqual([
      expect.stringMatching(/BETTER_AUTH_SECRET is a publicly known default/),
      expect.stringMatching(/RUNTOWER_KEY_PEPPER is a publicly known default/),
    ]);
    expect(production({ BETTER_AUTH_SECRET: SECRET, RUNTOWER_KEY_PEPPER: "short" })).toEqual([
      expect.stringMatching(/RUNTOWER_KEY_PEPPER must be at least 32 characters/),
    ]);
  });
});
