/**
 * /v1/openapi.json, generated from the zod schemas the routes validate with (z.toJSONSchema): query
 * parameters from each route's query schema, request bodies from its body schema, responses from the
 * Letta shapes the mappers return. Nothing here is hand-written schema JSON.
 */
import { z } from "zod";
import { ID_PREFIXES } from "@/server/ids";
import type { RestRoute } from "./rest-handler";
import { lettaError } from "@/server/letta";
import { restRoutes as runRoutes } from "@/server/modules/runs/rest";
import { restRoutes as stepRoutes } from "@/server/modules/steps/rest";

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      // Epoch nanoseconds are bigints in the mappers and exact JSON integers on the wire.
      if ((ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type === "bigint") {
        ctx.jsonSchema.type = "integer";
        ctx.jsonSchema.format = "int64";
      }
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

const isOptional = (schema: z.ZodType) => schema.safeParse(undefined).success;
const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ERROR_RESPONSES = {
  "400": "Malformed id or bad request",
  "401": "Missing or invalid API key",
  "403": "The API key's role lacks the permission (writes only)",
  "404": "Not found (or in another organization)",
  "409": "Conflict (deterministic: x-should-retry: false)",
  "422": "Invalid query or body",
  "429": "Rate limit of the API key exceeded (see Retry-After)",
};

function operation(route: RestRoute) {
  const parameters: JsonSchema[] = [];
  for (const [name, kind] of Object.entries(route.params ?? {})) {
    parameters.push({
      name,
      in: "path",
      required: true,
      schema: { type: "string", pattern: `^${ID_PREFIXES[kind]}-${UUID_PATTERN}$` },
    });
  }
  for (const [name, schema] of Object.entries(route.query?.shape ?? {})) {
    const json = toSchema(schema, "input");
    const { description, ...rest } = json;
    const isArray = rest.type === "array";
    parameters.push({
      name,
      in: "query",
      required: !isOptional(schema),
      ...(description ? { description } : {}),
      schema: rest,
      ...(isArray ? { style: "form", explode: true } : {}),
    });
  }
  const ref = { $ref: `#/components/schemas/${route.response.name}` };
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.path.split("/")[2]],
    parameters,
    ...(route.body
      ? { requestBody: { required: false, content: { "application/json": { schema: toSchema(route.body, "input") } } } }
      : {}),
    responses: {
      "200": {
        description: "OK",
        content: { "application/json": { schema: route.response.list ? { type: "array", items: ref } : ref } },
      },
      ...Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, description]) => [
          status,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPError" } } } },
        ]),
      ),
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { HTTPError: toSchema(lettaError, "output") };
  for (const route of [...runRoutes, ...stepRoutes] as readonly RestRoute[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
    schemas[route.response.name] ??= toSchema(route.response.schema, "output");
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Runtower — Letta-compatible runs and steps API",
      version: "1.0.0",
      description:
        "Letta's /v1 runs and steps routes, for the official Letta SDKs pointed at Runtower. " +
        "Lists are bare JSON arrays paged with after/before (item ids), limit and order.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "A Runtower API key (rt_…)" } },
    },
  };
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;
export const openApiDocument = () => (cached ??= buildOpenApiDocument());
