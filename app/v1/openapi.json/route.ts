import { jsonResponse } from "@/server/http/rest-json";
import { openApiDocument } from "@/server/http/openapi";

/** The OpenAPI 3.1 description of the /v1 routes, generated from their zod schemas (public, no API key). */
export function GET() {
  return jsonResponse(openApiDocument());
}
