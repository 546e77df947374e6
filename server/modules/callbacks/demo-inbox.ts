import type { Db } from "@/db/client";
import { newId } from "@/server/ids";
import { readCallbackConfig } from "./config";
import { insertEndpoint } from "./queries/endpoints";
import { getOrCreateSigningSecret } from "./queries/signing-secrets";
import { generateWebhookSecret } from "./secrets";

/** The receiver endpoint `npm run simulate` (SIMULATE_CALLBACKS=1) sends to; the demo key may list endpoints, not create them. */
export const DEMO_ENDPOINT_NAME = "simulator";

/**
 * The demo organization's own inbox: an endpoint of this app's receiver, so callbacks can be tried with no setup. Its
 * URL is what demo runs' callbackUrl point at; in development the guard allows the app's own host (config.ts).
 */
export async function createDemoInbox(tx: Db, orgId: string): Promise<{ id: string; url: string }> {
  // The worker signs with the org's signing secret and the receiver verifies with the endpoint's: one secret for both,
  // so the demo's self-addressed callbacks arrive verified.
  const signing = await getOrCreateSigningSecret(tx, orgId, generateWebhookSecret);
  const row = await insertEndpoint(tx, {
    id: newId("endpoint"),
    organizationId: orgId,
    name: DEMO_ENDPOINT_NAME,
    secret: signing.secret,
  });
  return { id: row.id, url: `${readCallbackConfig().publicBaseUrl}/api/callbacks/${row.id}` };
}
