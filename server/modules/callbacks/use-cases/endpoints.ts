import { recordAudit } from "@/server/modules/audit";
import { notFound } from "@/server/errors";
import { newId } from "@/server/ids";
import type { Page } from "@/server/lib/common-schemas";
import type { Scope } from "@/server/scope";
import { readCallbackConfig } from "../config";
import {
  deleteEndpointRow,
  insertEndpoint,
  pageEndpointRows,
  pageReceived,
  replaceEndpointSecret,
  type EndpointRow,
  type ReceivedCallback,
} from "../queries/endpoints";
import type { CreateEndpointInput, ListEndpointsInput, ListReceivedInput } from "../schemas";
import { generateWebhookSecret, rotation } from "../secrets";

export type Endpoint = Omit<EndpointRow, "organizationId" | "secret" | "previousSecret"> & { url: string };
export type EndpointWithSecret = Endpoint & { secret: string };

const endpointUrl = (id: string) => `${readCallbackConfig().publicBaseUrl}/api/callbacks/${id}`;

const toEndpoint = ({ organizationId: _o, secret: _s, previousSecret: _p, ...rest }: EndpointRow): Endpoint => ({
  ...rest,
  url: endpointUrl(rest.id),
});

export async function createEndpoint(scope: Scope, input: CreateEndpointInput): Promise<EndpointWithSecret> {
  return scope.db.transaction(async (tx) => {
    const row = await insertEndpoint(tx, {
      id: newId("endpoint"),
      organizationId: scope.orgId,
      name: input.name,
      secret: generateWebhookSecret(),
    });
    await recordAudit(tx, scope, { action: "callback_endpoint.create", targetType: "callback_endpoint", targetId: row.id });
    return { ...toEndpoint(row), secret: row.secret };
  });
}

export async function listEndpoints(scope: Scope, input: ListEndpointsInput): Promise<Page<Endpoint>> {
  const page = await pageEndpointRows(scope, input);
  return { ...page, items: page.items.map(toEndpoint) };
}

/** A new secret; the previous one still verifies for 24 h so senders can switch without losing deliveries. */
export async function rotateEndpointSecret(scope: Scope, endpointId: string, now = new Date()): Promise<EndpointWithSecret> {
  return scope.db.transaction(async (tx) => {
    const row = await replaceEndpointSecret(tx, scope.orgId, endpointId, rotation(now));
    if (!row) throw notFound("endpoint", endpointId, "endpointId");
    await recordAudit(tx, scope, {
      action: "callback_endpoint.rotate_secret",
      targetType: "callback_endpoint",
      targetId: row.id,
    });
    return { ...toEndpoint(row), secret: row.secret };
  });
}

/** Deletes the endpoint and its inbox; later posts to its URL answer 404. */
export async function deleteEndpoint(scope: Scope, endpointId: string): Promise<Endpoint> {
  return scope.db.transaction(async (tx) => {
    const row = await deleteEndpointRow(tx, scope.orgId, endpointId);
    if (!row) throw notFound("endpoint", endpointId, "endpointId");
    await recordAudit(tx, scope, { action: "callback_endpoint.delete", targetType: "callback_endpoint", targetId: row.id });
    return toEndpoint(row);
  });
}

export async function listReceived(scope: Scope, input: ListReceivedInput): Promise<Page<ReceivedCallback>> {
  return pageReceived(scope, input);
}
