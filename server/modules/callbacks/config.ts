import { parseAllowedHosts, type GuardPolicy } from "./guard";
import { DEFAULT_TIMEOUT_MS } from "./transport";
import { env as appEnv, type Env } from "@/server/env";

/** Callback settings from the environment (documented in .env.example). */
export interface CallbackConfig {
  policy: GuardPolicy;
  timeoutMs: number;
  leaseMs: number;
  pollIntervalMs: number;
  maxInFlight: number;
  /** False when CALLBACK_WORKER=off: separate `npm run worker` processes deliver instead of the app. */
  inAppWorker: boolean;
  /** Where this deployment is reachable from outside; receiver endpoint URLs are built on it. */
  publicBaseUrl: string;
  /** RUNTOWER_FAILPOINT, for the fault tests only (see worker.ts). */
  failpoint: string | null;
}

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

type CallbackEnv = Partial<
  Pick<Env, Extract<keyof Env, `CALLBACK_${string}` | "RUNTOWER_PUBLIC_URL" | "PORT" | "RUNTOWER_FAILPOINT" | "NODE_ENV">>
>;

/** The callbacks module's only reader of the environment (through server/env.ts); tests pass their own. */
export function readCallbackConfig(env: CallbackEnv = appEnv()): CallbackConfig {
  const timeoutMs = positive(env.CALLBACK_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
  const publicBaseUrl = env.RUNTOWER_PUBLIC_URL?.replace(/\/+$/, "") || `http://localhost:${env.PORT ?? 3000}`;
  // In development the app's own receiver (its public host, localhost by default) is allowed, so the demo's callbacks
  // and `npm run simulate` reach the inbox with no configuration. Never in production: there the host must be listed.
  const ownHost = env.NODE_ENV === "development" ? [new URL(publicBaseUrl).hostname] : [];
  return {
    policy: { allowedHosts: [...parseAllowedHosts(env.CALLBACK_ALLOWED_HOSTS), ...ownHost] },
    timeoutMs,
    // Longer than one attempt can take, short enough that a killed worker's rows come back within seconds.
    leaseMs: positive(env.CALLBACK_LEASE_MS, timeoutMs + 15_000),
    pollIntervalMs: positive(env.CALLBACK_POLL_MS, 1000),
    maxInFlight: positive(env.CALLBACK_CONCURRENCY, 32),
    inAppWorker: env.CALLBACK_WORKER !== "off",
    publicBaseUrl,
    failpoint: env.RUNTOWER_FAILPOINT || null,
  };
}
