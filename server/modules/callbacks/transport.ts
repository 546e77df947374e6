import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { decideCallbackTarget, type GuardPolicy } from "./guard";

/**
 * The one module that speaks HTTP for deliveries: node:http(s), never the global fetch (it takes no agent, so
 * its connections could not be checked). The host is resolved here, every address is judged by the pure guard,
 * and the socket is pinned to the approved address (no second lookup, so no DNS rebinding). request-filtering-
 * agent re-checks the address at connect time as a second, independent line. Redirects are never followed.
 */
export const RESPONSE_BODY_LIMIT = 4 * 1024;
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface PostOptions {
  timeoutMs: number;
  policy: GuardPolicy;
  /** Replaceable for tests; defaults to the system resolver. */
  resolve?: (hostname: string) => Promise<string[]>;
}

export interface PostResult {
  /** The guard refused the target: no connection was made and retrying cannot help. */
  refused: boolean;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  retryAfter: string | null;
  durationMs: number;
}

const systemResolve = async (hostname: string) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(":") ? 6 : 4;
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

const describeError = (error: unknown): string => {
  const e = error as NodeJS.ErrnoException;
  if (e?.code && e.message && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
  return e?.message ?? String(error);
};

export async function postCallback(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (error: string, refused = false): PostResult => ({
    refused,
    statusCode: null,
    error,
    responseBody: null,
    retryAfter: null,
    durationMs: elapsed(),
  });

  const first = decideCallbackTarget(url, [], options.policy);
  if (!first.ok && !first.reason.includes("resolved to no address")) return fail(`refused: ${first.reason}`, true);
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[|\]$/g, "");
  let resolved: string[] = [];
  if (!first.ok) {
    try {
      resolved = await withTimeout((options.resolve ?? systemResolve)(hostname), options.timeoutMs, "DNS lookup");
    } catch (error) {
      return fail(`DNS lookup of ${hostname} failed: ${describeError(error)}`);
    }
  }
  const decision = decideCallbackTarget(url, resolved, options.policy);
  if (!decision.ok) return fail(`refused: ${decision.reason}`, true);
  const address = decision.addresses[0];

  const isHttps = target.protocol === "https:";
  const filterOptions = {
    keepAlive: false,
    // Addresses the operator allow-listed pass the agent's own check too; everything else must be public.
    allowIPAddressList: decision.allowListed ? decision.addresses : [],
  };
  const agent = isHttps ? new RequestFilteringHttpsAgent(filterOptions) : new RequestFilteringHttpAgent(filterOptions);
  const payload = Buffer.from(body);

  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, "durationMs" | "refused">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      agent.destroy();
      resolve({ ...result, refused: false, durationMs: elapsed() });
    };
    const request = (isHttps ? https : http).request({
      protocol: target.protocol,
      host: decision.hostname,
      port: target.port || (isHttps ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      method: "POST",
      agent,
      lookup: pinnedLookup(address),
      ...(isHttps && !/^[\d.]+$|:/.test(hostname) ? { servername: hostname } : {}),
      headers: { ...headers, host: target.host, "content-length": String(payload.length) },
    });
    const timer = setTimeout(
      () =>
        finish({
          statusCode: null,
          error: `timeout: no complete response within ${options.timeoutMs} ms`,
          responseBody: null,
          retryAfter: null,
        }),
      options.timeoutMs,
    );
    request.on("error", (error) =>
      finish({ statusCode: null, error: describeError(error), responseBody: null, retryAfter: null }),
    );
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const statusCode = response.statusCode ?? null;
      const retryAfter = (response.headers["retry-after"] as string | undefined) ?? null;
      const done = () => {
        const text = new TextDecoder("utf-8", { fatal: false })
          .decode(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT))
          .replaceAll("\u0000", "");
        let error: string | null = null;
        if (statusCode !== null && (statusCode < 200 || statusCode > 299)) {
          error =
            statusCode >= 300 && statusCode < 400
              ? `HTTP ${statusCode}: redirect${response.headers.location ? ` to ${String(response.headers.location).slice(0, 500)}` : ""} not followed`
              : `HTTP ${statusCode}`;
        }
        finish({ statusCode, error, responseBody: text, retryAfter });
      };
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BODY_LIMIT) done();
      });
      response.on("end", done);
      response.on("error", done);
      response.on("aborted", done);
    });
    request.end(payload);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
