import { describe, expect, it } from "vitest";
import { z } from "zod";
import { conflict, DomainError, notFound } from "@/server/errors";
import { toErrorResponse } from "@/server/http/errors";
import { toDate } from "@/server/letta";
import { listRunsQuery, toListRunsInput } from "@/server/modules/runs/rest-inputs";
import { listStepsQuery, toListStepsInput } from "@/server/modules/steps/rest-inputs";
import { readQuery } from "@/server/http/rest-query";
import { idOf } from "@/server/lib/common-schemas";

const AGENT_A = "agent-00000000-0000-4000-8000-00000000000a";
const AGENT_B = "agent-00000000-0000-4000-8000-00000000000b";

const runsQuery = (qs: string) => listRunsQuery.parse(readQuery(new URLSearchParams(qs), listRunsQuery.shape));

describe("query parsing (as the Letta SDK writes query strings)", () => {
  it("reads repeated keys as arrays, booleans and numbers, and ignores unknown keys", () => {
    const q = runsQuery(
      `statuses=completed&statuses=failed&background=true&active=false&limit=5&step_count=2&step_count_operator=gte&agent_ids=${AGENT_A}&agent_ids=${AGENT_B}&unknown=1`,
    );
    expect(q).toEqual({
      statuses: ["completed", "failed"],
      background: true,
      active: false,
      limit: 5,
      step_count: 2,
      step_count_operator: "gte",
      agent_ids: [AGENT_A, AGENT_B],
    });
  });

  it("treats an empty value (a null argument) as absent", () => {
    expect(runsQuery("background=&agent_id=&statuses=&limit=&order=")).toEqual({});
  });

  it("rejects values of the wrong type instead of dropping them", () => {
    expect(() => runsQuery("limit=abc")).toThrow(/expected number/);
    expect(() => runsQuery("background=maybe")).toThrow(/expected boolean/);
    expect(() => runsQuery("limit=0")).toThrow();
    expect(() => runsQuery("limit=1001")).toThrow();
    expect(() => runsQuery("order=sideways")).toThrow();
  });

  it("requires duration_value and duration_operator together", () => {
    expect(() => runsQuery("duration_value=5")).toThrow(/duration_operator/);
    expect(toListRunsInput(runsQuery("duration_value=5&duration_operator=gt")).durationFilter).toEqual({
      value: 5,
      operator: "gt",
    });
  });
});

describe("Letta query → service input", () => {
  it("applies Letta's defaults: newest first, limit 100 for runs and 50 for steps", () => {
    expect(toListRunsInput(runsQuery(""))).toMatchObject({ ascending: false, limit: 100, orderBy: "created_at" });
    expect(toListStepsInput(listStepsQuery.parse({}))).toMatchObject({ ascending: false, limit: 50 });
  });

  it("lets agent_id beat agent_ids, and the deprecated ascending override order", () => {
    const input = toListRunsInput(runsQuery(`agent_id=${AGENT_A}&agent_ids=${AGENT_B}&order=asc&ascending=false`));
    expect(input).toMatchObject({ agentId: AGENT_A, agentIds: undefined, ascending: false });
    expect(toListRunsInput(runsQuery("order=asc")).ascending).toBe(true);
  });

  it("widens Letta's created and failed filters to our pending and expired runs", () => {
    expect(toListRunsInput(runsQuery("statuses=created&statuses=failed")).statuses?.sort()).toEqual(
      ["created", "expired", "failed", "pending"].sort(),
    );
  });

  it("reads ISO dates with an offset, Z, none (UTC) or a bare date", () => {
    expect(toDate("2025-01-29T15:01:19-08:00").toISOString()).toBe("2025-01-29T23:01:19.000Z");
    expect(toDate("2025-01-29T15:01:19").toISOString()).toBe("2025-01-29T15:01:19.000Z");
    expect(toDate("2025-01-29").toISOString()).toBe("2025-01-29T00:00:00.000Z");
    const input = toListRunsInput(runsQuery("start_date=2025-01-29T15%3A01%3A19Z&end_date=2025-01-30"));
    expect(input.startDate).toEqual(new Date("2025-01-29T15:01:19Z"));
    expect(() => toListRunsInput(runsQuery("start_date=2025-02-01&end_date=2025-01-01"))).toThrow(/before startDate/);
    expect(() => runsQuery("start_date=yesterday")).toThrow();
  });
});

describe("errors: one mapping from failures to Letta's statuses", () => {
  const body = async (res: Response) => ({
    status: res.status,
    body: await res.json(),
    retry: res.headers.get("x-should-retry"),
  });

  it("maps DomainError codes and names fields in snake_case", async () => {
    expect(await body(toErrorResponse(notFound("run", "run-x", "runId")))).toEqual({
      status: 404,
      body: { detail: "run_id: run run-x not found", message: "run_id: run run-x not found" },
      retry: null,
    });
    expect((await body(toErrorResponse(new DomainError("BAD_REQUEST", "after: no run")))).status).toBe(400);
    expect((await body(toErrorResponse(new DomainError("UNAUTHORIZED", "no")))).status).toBe(401);
    expect((await body(toErrorResponse(new DomainError("FORBIDDEN", "no")))).status).toBe(403);
  });

  it("marks conflicts as not worth retrying", async () => {
    const res = await body(toErrorResponse(conflict("status: run is already completed", "status")));
    expect(res).toMatchObject({ status: 409, retry: "false" });
  });

  it("answers 400 to a malformed id and 422 to other invalid input", async () => {
    const malformed = z.object({ run_id: idOf("run") }).safeParse({ run_id: "run-123" });
    const res = await body(toErrorResponse(malformed.error));
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^run_id: must be a run id/);
    const invalid = z.object({ limit: z.number() }).safeParse({ limit: "x" });
    expect((await body(toErrorResponse(invalid.error))).status).toBe(422);
  });

  it("hides unexpected errors behind a 500", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const res = await body(toErrorResponse(new Error("secret detail")));
      expect(res).toEqual({
        status: 500,
        body: { detail: "Internal server error", message: "Internal server error" },
        retry: null,
      });
    } finally {
      console.error = original;
    }
  });
});
