import { describe, expect } from "vitest";
import { newId } from "@/server/ids";
import { viewerCaller } from "@/test/helpers/fixtures";
import { it } from "@/test/helpers/test";
import { insertDeliveries } from "./helpers";

let idsA: string[];

it.beforeAll(async ({ db, org }) => {
  idsA = await insertDeliveries(db, org.orgId, "http://127.0.0.1:9/x", 5);
});

describe("callbacks router: paging, validation, isolation, permissions", () => {
  it("lists deliveries by status with a keyset cursor", async ({ org }) => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await org.caller.callbacks.deliveries({ status: "pending", limit: 2, after });
      seen.push(...page.items.map((d) => d.id));
      expect(page.items.every((d) => !("body" in d) && !("organizationId" in d) && !("claimToken" in d))).toBe(true);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen.sort()).toEqual([...idsA].sort());
    expect((await org.caller.callbacks.deliveries({ status: "delivered" })).items).toHaveLength(0);
  });

  it("another org's delivery answers NOT_FOUND, exactly like a missing one", async ({ org, other }) => {
    for (const deliveryId of [idsA[0], newId("delivery")]) {
      await expect(other.caller.callbacks.attempts({ deliveryId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(other.caller.callbacks.redeliver({ deliveryId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await other.caller.callbacks.deliveries({})).items).toHaveLength(0);
    // A cursor from another org is not a cursor here.
    await expect(other.caller.callbacks.deliveries({ after: idsA[0] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await org.caller.callbacks.attempts({ deliveryId: idsA[0] })).toEqual([]);
  });

  it("rejects bad ids and bounds with BAD_REQUEST naming the field", async ({ org }) => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => org.caller.callbacks.attempts({ deliveryId: "run-123" }), "deliveryId"],
      [() => org.caller.callbacks.deliveries({ runId: "delivery-1" }), "runId"],
      [() => org.caller.callbacks.deliveries({ limit: 5000 }), "limit"],
      [() => org.caller.callbacks.deliveries({ status: "lost" as "pending" }), "status"],
      [() => org.caller.callbacks.endpoints.create({ name: "" }), "name"],
      [() => org.caller.callbacks.endpoints.create({ name: "x".repeat(201) }), "name"],
      [() => org.caller.callbacks.received({ after: "nope" }), "after"],
    ];
    for (const [call, field] of cases)
      await expect(call()).rejects.toMatchObject({
        code: "BAD_REQUEST",
        cause: { issues: [expect.objectContaining({ path: [field] })] },
      });
  });

  it("redeliver needs callbacks:redeliver; secrets and endpoints need callbacks:manage", async ({ org }) => {
    const viewer = viewerCaller(org);
    await expect(viewer.callbacks.redeliver({ deliveryId: idsA[0] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.callbacks.signingSecret()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.callbacks.rotateSigningSecret()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.callbacks.endpoints.create({ name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Reading the lists is for every role.
    expect((await viewer.callbacks.deliveries({})).items.length).toBe(5);
    const replayed = await org.caller.callbacks.redeliver({ deliveryId: idsA[0] });
    expect(replayed).toMatchObject({ id: idsA[0], status: "pending", replay: false });
  });

  it("each org has its own signing secret", async ({ org, other }) => {
    const sa = await org.caller.callbacks.signingSecret();
    const sb = await other.caller.callbacks.signingSecret();
    expect(sa.secret).not.toBe(sb.secret);
    expect(await org.caller.callbacks.signingSecret()).toMatchObject({ secret: sa.secret });
    expect(sa).not.toHaveProperty("organizationId");
  });
});
