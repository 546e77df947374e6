/**
 * How a /v1 request is served: authenticate the API key and count the call (authenticate.ts, as tRPC), validate the
 * path ids, query and body with the route's zod schemas, call the use-case, answer JSON. Errors go through
 * errors.ts. Route handlers in app/v1 are one line each: `export const GET = restRoute(routes.x)`.
 */
import type { z } from "zod";
import type { Db } from "@/db/client";
import { assertPermission, type Permission } from "@/server/modules/access";
import { badRequest } from "@/server/errors";
import { isId, ID_PREFIXES, type IdKind } from "@/server/ids";
import { parseJsonSafely } from "@/server/lib/json-safety";
import type { Scope } from "@/server/scope";
import { requireCaller } from "./authenticate";
import { bodyTooLargeMessage, maxBodyBytes, readBodyWithin } from "./body-limit";
import { HttpError, toErrorResponse } from "./errors";
import { jsonResponse } from "./rest-json";
import { readQuery, unknownQueryKeys } from "./rest-query";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
type AnyObject = z.ZodType<Record<string, unknown>> & { shape: Record<string, z.ZodType> };

export interface RouteContext<Q extends AnyObject | undefined, B extends AnyObject | undefined> {
  scope: Scope;
  params: Record<string, string>;
  query: Q extends AnyObject ? z.output<Q> : undefined;
  body: B extends AnyObject ? z.output<B> : undefined;
}

export interface RestRoute<
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends AnyObject | undefined = AnyObject | undefined,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI path, e.g. /v1/runs/{run_id}. */
  path: string;
  operationId: string;
  summary: string;
  /** The role permission a write needs (as the matching tRPC writeProcedure); reads need none. */
  permission?: Permission;
  /** Path parameters and the kind of id each must be. */
  params?: Record<string, IdKind>;
  query?: Q;
  body?: B;
  /** The response: a named schema (a component of the OpenAPI document), one object or a bare array. */
  response: { name: string; schema: R; list?: boolean };
  handle(ctx: RouteContext<Q, B>): Promise<z.output<R> | z.output<R>[]>;
}

export function defineRoute<Q extends AnyObject | undefined, B extends AnyObject | undefined, R extends z.ZodType>(
  route: RestRoute<Q, B, R>,
): RestRoute<Q, B, R> {
  return route;
}

async function readJsonBody(req: Request): Promise<unknown> {
  const limit = maxBodyBytes();
  const raw = await readBodyWithin(req, limit);
  if (!raw) throw new HttpError(413, bodyTooLargeMessage(limit));
  const text = raw.toString("utf8");
  if (!text.trim()) return {}; // Letta's bodies here are optional: no body = {}
  const parsed = parseJsonSafely(text);
  if (parsed.ok) return parsed.value;
  if (parsed.reason === "must be JSON") throw new HttpError(422, "body: must be valid JSON");
  throw new HttpError(400, `body: ${parsed.reason}`); // nested too deep for zod's recursive walk
}

export async function handleRestRequest<Q extends AnyObject | undefined, B extends AnyObject | undefined, R extends z.ZodType>(
  route: RestRoute<Q, B, R>,
  db: Db,
  req: Request,
  rawParams: Record<string, string | string[] | undefined>,
): Promise<Response> {
  try {
    // API keys only (no session cookies): 401 without a valid key, 429 with Retry-After over its limit.
    const scope = await requireCaller(db, req.headers, { sessions: false });
    if (route.permission) assertPermission(scope, route.permission);
    const params: Record<string, string> = {};
    for (const [name, kind] of Object.entries(route.params ?? {})) {
      const value = rawParams[name];
      if (typeof value !== "string" || !isId(kind, value))
        throw badRequest(name, `must be a ${kind} id: '${ID_PREFIXES[kind]}-' followed by a UUID`);
      params[name] = value;
    }
    const searchParams = new URL(req.url).searchParams;
    const [unknownKey] = route.query ? unknownQueryKeys(searchParams, route.query.shape) : [];
    if (unknownKey)
      throw badRequest(unknownKey, `unknown query parameter (known: ${Object.keys(route.query!.shape).join(", ")})`);
    const query = route.query ? route.query.parse(readQuery(searchParams, route.query.shape)) : undefined;
    const body = route.body ? route.body.parse(await readJsonBody(req)) : undefined;
    const result = await route.handle({ scope, params, query, body } as RouteContext<Q, B>);
    return jsonResponse(result);
  } catch (error) {
    return toErrorResponse(error);
  }
}
