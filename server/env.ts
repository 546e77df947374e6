/**
 * Every environment variable the app reads, parsed once with zod. Documented in README's Configuration table and
 * `.env.example` (test/unit/env.test.ts checks the table against `ENV_VARIABLES`). Plain zod rather than
 * `@t3-oss/env-nextjs`: nothing here reaches the browser (that package's reason to exist is the client/server split
 * of NEXT_PUBLIC_ variables), and it would be one more dependency for one `z.object`.
 *
 * Parsed on first use, not at import: `next build` imports server code with NODE_ENV=production and no secrets.
 * The secrets a production start needs are checked at boot by `productionSecretProblems` (instrumentation.ts).
 */
import { isIP } from "node:net";
import { z } from "zod";

const flag = z.enum(["true", "false"]).optional();
const wholeNumber = (fallback: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === "") return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min) {
        ctx.addIssue({ code: "custom", message: `must be a whole number ≥ ${min}` });
        return z.NEVER;
      }
      return value;
    });
const optionalText = z
  .string()
  .optional()
  .transform((v) => v || undefined);
/** Comma-separated IP addresses and CIDR ranges. */
const addressList = optionalText.refine(
  (value) =>
    (value ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .every((entry) => {
        const [address, bits, extra] = entry.split("/");
        const version = isIP(address);
        const max = version === 6 ? 128 : 32;
        return version !== 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max));
      }),
  { message: "must be comma-separated IP addresses or CIDR ranges" },
);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).catch("development"),
  // Database
  DATABASE_URL: optionalText,
  DATABASE_POOL_SIZE: wholeNumber(10, 1),
  PGLITE_DATA_DIR: optionalText,
  // Headless start-up (validated together by readInitConfig, server/modules/access/bootstrap.ts)
  RUNTOWER_INIT_ORG_ID: optionalText,
  RUNTOWER_INIT_ORG_NAME: optionalText,
  RUNTOWER_INIT_PROJECT_ID: optionalText,
  RUNTOWER_INIT_PROJECT_NAME: optionalText,
  RUNTOWER_INIT_API_KEY: optionalText,
  RUNTOWER_INIT_API_KEY_ROLE: optionalText,
  RUNTOWER_INIT_USER_EMAIL: optionalText,
  RUNTOWER_INIT_USER_PASSWORD: optionalText,
  RUNTOWER_INIT_USER_NAME: optionalText,
  RUNTOWER_SEED_DEMO: flag,
  // Secrets and sign-in
  BETTER_AUTH_SECRET: optionalText,
  BETTER_AUTH_URL: optionalText,
  RUNTOWER_KEY_PEPPER: optionalText,
  RUNTOWER_DISABLE_SIGNUP: flag,
  RUNTOWER_AUTH_RATE_LIMIT: flag,
  RUNTOWER_SIGN_IN_LIMIT_PER_MINUTE: wholeNumber(30),
  RUNTOWER_TRUSTED_PROXIES: addressList,
  // Members: how long an invitation link stays valid (default 7 days)
  RUNTOWER_INVITATION_TTL_HOURS: wholeNumber(7 * 24, 1),
  // Request limits
  RUNTOWER_RATE_LIMIT_PER_MINUTE: wholeNumber(6000),
  RUNTOWER_SESSION_RATE_LIMIT_PER_MINUTE: wholeNumber(6000),
  RUNTOWER_MAX_BODY_BYTES: wholeNumber(1024 * 1024, 1),
  // Callbacks: read as text, their defaults and ranges live in server/modules/callbacks/config.ts
  CALLBACK_ALLOWED_HOSTS: optionalText,
  CALLBACK_WORKER: optionalText,
  CALLBACK_TIMEOUT_MS: optionalText,
  CALLBACK_LEASE_MS: optionalText,
  CALLBACK_POLL_MS: optionalText,
  CALLBACK_CONCURRENCY: optionalText,
  RUNTOWER_PUBLIC_URL: optionalText,
  PORT: wholeNumber(3000, 1),
  // Fault tests only: SIGKILLs the worker at the named point (server/modules/callbacks/worker.ts).
  RUNTOWER_FAILPOINT: optionalText,
});

export type Env = z.output<typeof schema>;
/** The names of every variable above (README's Configuration table must list each one). */
export const ENV_VARIABLES = Object.keys(schema.shape) as (keyof Env)[];

/** Parses `source`; throws one error naming every invalid variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid environment: ${problems.join("; ")}`);
}

let parsed: Env | undefined;

/** The app's environment, parsed on first use. */
export function env(): Env {
  return (parsed ??= parseEnv());
}

/** Tests that change process.env at run time make the next `env()` parse it again. */
export function reloadEnv(): void {
  parsed = undefined;
}

export const isProduction = () => env().NODE_ENV === "production";

/** Development and tests only; a production start refuses them (they are in this public repository). */
export const DEVELOPMENT_AUTH_SECRET = "runtower-dev-only-secret-9f3c2a71e84b4d0c8a5e6b1f27d9c0e3";
export const DEVELOPMENT_KEY_PEPPER = "runtower-development-pepper";
const PUBLIC_VALUES = new Set([DEVELOPMENT_AUTH_SECRET, DEVELOPMENT_KEY_PEPPER, "change-me", "changeme", "secret"]);
const MIN_SECRET_LENGTH = 32;
const HOW_TO_MAKE_ONE = "make one with `openssl rand -base64 32`";

/** What is wrong with the production secrets (empty when nothing is), each naming its variable and the fix. */
export function productionSecretProblems(source: Env = env()): string[] {
  if (source.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  for (const name of ["BETTER_AUTH_SECRET", "RUNTOWER_KEY_PEPPER"] as const) {
    const value = source[name];
    if (!value) problems.push(`${name} is not set; ${HOW_TO_MAKE_ONE}`);
    else if (PUBLIC_VALUES.has(value)) problems.push(`${name} is a publicly known default; ${HOW_TO_MAKE_ONE}`);
    else if (value.length < MIN_SECRET_LENGTH)
      problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters; ${HOW_TO_MAKE_ONE}`);
  }
  return problems;
}

/** better-auth's secret: the configured one, or in development and tests the development secret. */
export function authSecret(): string | undefined {
  const { BETTER_AUTH_SECRET, NODE_ENV } = env();
  return BETTER_AUTH_SECRET ?? (NODE_ENV === "production" ? undefined : DEVELOPMENT_AUTH_SECRET);
}

/** The API-key pepper: never the public default in production (boot refuses to start without one). */
export function keyPepper(): string {
  const { RUNTOWER_KEY_PEPPER, NODE_ENV } = env();
  if (RUNTOWER_KEY_PEPPER) return RUNTOWER_KEY_PEPPER;
  if (NODE_ENV === "production") throw new Error(`RUNTOWER_KEY_PEPPER is not set; ${HOW_TO_MAKE_ONE}`);
  return DEVELOPMENT_KEY_PEPPER;
}
