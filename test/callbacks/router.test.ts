import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { permissionsFor } from "@/server/modules/access/permissions";
import { newId } from "@/server/ids";
import { createCaller } from "@/server/root";
import { openTestDatabase } from "@/test/helpers/db";
import { createTestOrg, type TestOrg } from "@/test/helpers/fixtures";
import { insertDeliveries, ownerCaller } from "./helpers";

let database: Database;
let a: TestOrg;
let b: TestOrg;
let callerA: ReturnType<typeof ownerCaller>["caller"];
let callerB: ReturnType<typeof ownerCaller>["caller"];
let idsA: string[];

beforeAll(async () => {
  database = await openTestDatabase();
  a = await createTestOrg(database.db, "A");
  b = await createTestOrg(database.db, "B");
  callerA = ownerCaller(a).caller;
  callerB = ownerCaller(b).caller;
  idsA = await insertDeliveries(database.db, a.orgId, "http://127.0.0.1:9/x", 5);
});
afterAll(async () => database?.close());

describe("callbacks router: paging, validation, isolation, permissions", () => {
  it("lists deliveries by status with a keyset cursor", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await callerA.callbacks.deliveries({ status: "pending", limit: 2, after });
      seen.push(...page.items.map((d) => d.id));
      expect(page.items.every((d) => !("body" in d) && !("organizationId" in d) && !("claimToken" in d))).toBe(true);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen.sort()).toEqual([...idsA].sort());
    expect((await callerA.callbacks.deliveries({ status: "delivered" })).items).toHaveLength(0);
  });

  it("another org's delivery answers NOT_FOUND, exactly like a missing one", async () => {
    for (const deliveryId of [idsA[0], newId("delivery")]) {
      await expect(callerB.callbacks.attempts({ deliveryId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(callerB.callbacks.redeliver({ deliveryId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await callerB.callbacks.deliveries({})).items).toHaveLength(0);
    // A cursor from another org is not a cursor here.
    await expect(callerB.callbacks.deliveries({ after: idsA[0] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await callerA.callbacks.attempts({ deliveryId: idsA[0] })).toEqual([]);
  });

  it("rejects bad ids and bounds with BAD_REQUEST naming the field", async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => callerA.callbacks.attempts({ deliveryId: "run-123" }), "deliveryId"],
      [() => callerA.callbacks.deliveries({ runId: "delivery-1" }), "runId"],
      [() => callerA.callbacks.deliveries({ limit: 5000 }), "limit"],
      [() => callerA.callbacks.deliveries({ status: "lost" as "pending" }), "status"],
      [() => callerA.callbacks.endpoints.create({ name: "" }), "name"],
      [() => callerA.callbacks.endpoints.create({ name: "x".repeat(201) }), "name"],
      [() => callerA.callbacks.received({ after: "nope" }), "after"],
    ];
    for (const [call, field] of cases)
      await expect(call()).rejects.toMatchObject({
        code: "BAD_REQUEST",
        cause: { issues: [expect.objectContaining({ path: [field] })] },
      });
  });

  it("redeliver needs callbacks:redeliver; secrets and endpoints need callbacks:manage", async () => {
    const viewer = createCaller({
      db: database.db,
      scope: { ...a.scope, role: "viewer", permissions: permissionsFor("viewer") },
    });
    await expect(viewer.callbacks.redeliver({ deliveryId: idsA[0] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.callbacks.signingSecret()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.callbacks.rotateSigningSecret()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.callbacks.endpoints.create({ name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Reading the lists is for every role.
    expect((await viewer.callbacks.deliveries({})).items.length).toBe(5);
    const replayed = await callerA.callbacks.redeliver({ deliveryId: idsA[0] });
    expect(replayed).toMatchObject({ id: idsA[0], status: "pending", replay: false });
  });

  it("each org has its own signing secret", async () => {
    const sa = await callerA.callbacks.signingSecret();
    const sb = await callerB.callbacks.signingSecret();
    expect(sa.secret).not.toBe(sb.secret);
    expect(await callerA.callbacks.signingSecret()).toMatchObject({ secret: sa.secret });
    expect(sa).not.toHaveProperty("organizationId");
  });
});
