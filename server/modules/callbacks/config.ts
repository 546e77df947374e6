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
}

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export function readCallbackConfig(env: Partial<Pick<Env, Extract<keyof Env, `CALLBACK_${string}`>>> = appEnv()): CallbackConfig {
  const timeoutMs = positive(env.CALLBACK_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
  return {
    policy: { allowedHosts: parseAllowedHosts(env.CALLBACK_ALLOWED_HOSTS) },
    timeoutMs,
    // Longer than one attempt can take, short enough that a killed worker's rows come back within seconds.
    leaseMs: positive(env.CALLBACK_LEASE_MS, timeoutMs + 15_000),
    pollIntervalMs: positive(env.CALLBACK_POLL_MS, 1000),
    maxInFlight: positive(env.CALLBACK_CONCURRENCY, 32),
  };
}
