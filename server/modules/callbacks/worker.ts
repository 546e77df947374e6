import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { claimDueDeliveries, recordAttempt, type AttemptRecord, type ClaimedDelivery } from "./deliveries";
import { findReceivingEndpoint } from "./endpoints";
import type { GuardPolicy } from "./guard";
import { activeSecrets, getOrCreateSigningSecret, signatureHeaders, type SigningSecret } from "./secrets";
import { onDeliveriesDue } from "./signal";
import { postCallback, type PostResult } from "./transport";
import { readCallbackConfig } from "./config";
import { env } from "@/server/env";

export interface CallbackWorkerOptions {
  db: Db;
  workerId?: string;
  /** Injectable time: tests drive the retry schedule with it instead of sleeping. */
  clock?: () => Date;
  random?: () => number;
  policy?: GuardPolicy;
  timeoutMs?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  /** Deliveries in flight at once (each claim takes at most the free slots). */
  maxInFlight?: number;
  log?: (message: string) => void;
  /** Called after each recorded attempt (tests and the bench count with it). */
  onAttempt?: (claim: ClaimedDelivery, result: PostResult, record: AttemptRecord) => void;
}

/**
 * Failpoints for the fault tests: RUNTOWER_FAILPOINT=<name> SIGKILLs this process at that point.
 * `worker.after-claim`: rows claimed, nothing sent. `worker.after-send`: the receiver answered, nothing recorded.
 */
function failpoint(name: string) {
  if (env().RUNTOWER_FAILPOINT === name) process.kill(process.pid, "SIGKILL");
}

/**
 * The delivery loop: claim due rows (SKIP LOCKED + lease), sign, POST, record, repeat. Any number of workers may
 * run on one Postgres; each claimed attempt is made by exactly one of them. `stop()` stops claiming and waits for
 * the attempts in flight (at most one timeout).
 */
export class CallbackWorker {
  readonly workerId: string;
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly policy: GuardPolicy;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxInFlight: number;
  private readonly log: (message: string) => void;
  private readonly onAttempt?: CallbackWorkerOptions["onAttempt"];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly secretCache = new Map<string, { value: SigningSecret; until: number }>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private woken = false;
  private unsubscribe: (() => void) | null = null;

  constructor(options: CallbackWorkerOptions) {
    const config = readCallbackConfig();
    this.db = options.db;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.policy = options.policy ?? config.policy;
    this.timeoutMs = options.timeoutMs ?? config.timeoutMs;
    this.leaseMs = options.leaseMs ?? Math.max(config.leaseMs, this.timeoutMs + 1000);
    this.pollIntervalMs = options.pollIntervalMs ?? config.pollIntervalMs;
    this.maxInFlight = options.maxInFlight ?? config.maxInFlight;
    this.log = options.log ?? ((m) => console.log(`[callbacks] ${m}`));
    this.onAttempt = options.onAttempt;
  }

  /** Claims one batch of due deliveries and attempts them all; resolves when every attempt is recorded. */
  async runOnce(limit = this.maxInFlight): Promise<AttemptRecord[]> {
    const claims = await claimDueDeliveries(this.db, {
      now: this.clock(),
      limit,
      leaseMs: this.leaseMs,
      workerId: this.workerId,
    });
    if (claims.length > 0) failpoint("worker.after-claim");
    return Promise.all(claims.map((claim) => this.attempt(claim)));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onDeliveriesDue(() => this.nudge());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.nudge();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.maxInFlight - this.inFlight.size;
      // Claim in batches (a quarter of the slots at least) rather than one row per finished attempt.
      if (free > 0 && (this.inFlight.size === 0 || free >= Math.ceil(this.maxInFlight / 4))) {
        try {
          const claims = await claimDueDeliveries(this.db, {
            now: this.clock(),
            limit: free,
            leaseMs: this.leaseMs,
            workerId: this.workerId,
          });
          if (claims.length > 0) failpoint("worker.after-claim");
          for (const claim of claims) {
            const task: Promise<void> = this.attempt(claim)
              .then(() => undefined)
              .catch((error) => this.log(`attempt of ${claim.id} not recorded: ${String(error)}`))
              .finally(() => {
                this.inFlight.delete(task);
                this.nudge();
              });
            this.inFlight.add(task);
          }
        } catch (error) {
          if (!this.running) break;
          this.log(`claim failed: ${String(error)}`);
        }
      }
      // Wait for a free slot (an attempt finishing), a nudge, or the poll interval; then claim again.
      if (this.woken) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollIntervalMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
      this.woken = false;
    }
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  private async secretsFor(orgId: string, now: Date): Promise<string[]> {
    const cached = this.secretCache.get(orgId);
    // A short cache: a rotation is picked up within seconds.
    if (cached && cached.until > Date.now()) return activeSecrets(cached.value, now);
    const value = await getOrCreateSigningSecret(this.db, orgId);
    this.secretCache.set(orgId, { value, until: Date.now() + 5000 });
    return activeSecrets(value, now);
  }

  /**
   * A callback pointed at one of the org's own receiver endpoints (`/api/callbacks/endpoint-…`) is also signed
   * with that endpoint's secret, so Runtower's inbox verifies Runtower's own deliveries without ever sharing
   * the org's signing secret with the inbox (or the endpoint's secret with anyone else).
   */
  private async ownEndpointSecrets(claim: ClaimedDelivery, now: Date): Promise<string[]> {
    const match = /\/api\/callbacks\/(endpoint-[0-9a-f-]{36})\/?$/.exec(new URL(claim.url).pathname);
    if (!match) return [];
    const endpoint = await findReceivingEndpoint(this.db, match[1]);
    if (!endpoint || endpoint.organizationId !== claim.organizationId) return [];
    return activeSecrets(endpoint, now);
  }

  private async attempt(claim: ClaimedDelivery): Promise<AttemptRecord> {
    const startedAt = this.clock();
    const secrets = [
      ...(await this.secretsFor(claim.organizationId, startedAt)),
      ...(await this.ownEndpointSecrets(claim, startedAt).catch(() => [])),
    ];
    const headers = {
      "content-type": "application/json",
      "user-agent": "Runtower-Webhooks/1.0",
      ...signatureHeaders(secrets, claim.id, startedAt, claim.body),
    };
    const result = await postCallback(claim.url, claim.body, headers, { timeoutMs: this.timeoutMs, policy: this.policy });
    failpoint("worker.after-send");
    const record = await recordAttempt(this.db, claim, result, {
      startedAt,
      now: this.clock(),
      random: this.random,
      workerId: this.workerId,
    });
    this.onAttempt?.(claim, result, record);
    return record;
  }
}

const globalForWorker = globalThis as unknown as { __runtowerCallbackWorker?: CallbackWorker };

/**
 * Starts the in-app worker once per process (from instrumentation.ts), unless CALLBACK_WORKER=off (for
 * deployments that run `npm run worker` instead). Stops claiming on SIGTERM/SIGINT.
 */
export function startInAppWorker(db: Db): CallbackWorker | null {
  if (env().CALLBACK_WORKER === "off") return null;
  if (globalForWorker.__runtowerCallbackWorker) return globalForWorker.__runtowerCallbackWorker;
  const worker = new CallbackWorker({ db });
  worker.start();
  globalForWorker.__runtowerCallbackWorker = worker;
  const stop = () => void worker.stop();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return worker;
}
