import { getApp } from "@/server/boot";
import { receiveCallback } from "@/server/modules/callbacks";

export const dynamic = "force-dynamic";

/** The receiver inbox: thin; everything is in server/modules/callbacks/receiver.ts. */
export async function POST(request: Request, context: { params: Promise<{ endpointId: string }> }) {
  const { endpointId } = await context.params;
  const { db } = await getApp();
  return receiveCallback(db, endpointId, request);
}
