/** The part of steps.create's statement (create-step.ts) that keeps the run's metrics current. */
import { sql, type SQL } from "drizzle-orm";
import { usedToolsSql } from "@/server/modules/runs";

const param = (name: string) => sql.placeholder(name);

/**
 * The run's metrics kept current as its steps arrive (Letta writes them only when the run ends): num_steps + 1 and,
 * with messages, the tools their calls name — registered, added to tools_used and to run_tools as the statement that
 * ends the run does (runs' queries/lifecycle.ts recounts both then). Every part reads `step`, so nothing is written
 * when the run refused the step, and the locks come after the run's: run, tool rows, then run_metrics, the order of
 * the closing statement.
 */
export function runMetricsSql(withMessages: boolean): SQL {
  if (!withMessages)
    return sql`, counted as (
      update run_metrics m set num_steps = m.num_steps + 1
      from step s where m.organization_id = s.organization_id and m.id = s.run_id
    )`;
  return sql`, names as (
      select distinct call->>'name' as name
      from step s, jsonb_array_elements(${param("messages")}::jsonb) as msg, jsonb_array_elements(msg->'tool_calls') as call
      where jsonb_typeof(msg->'tool_calls') = 'array' and call->>'name' is not null
    ), ${usedToolsSql(param("orgId"))}, counted as (
      update run_metrics m
      set num_steps = m.num_steps + 1,
          tools_used = array(select distinct t from unnest(m.tools_used || array(select id from used)) as t order by t)
      from step s where m.organization_id = s.organization_id and m.id = s.run_id
    ), run_tool_rows as (
      insert into run_tools (organization_id, tool_id, created_at, run_id)
      select r.organization_id, u.id, r.created_at, r.id
      from used u, step s join runs r on r.organization_id = s.organization_id and r.id = s.run_id
      on conflict do nothing
    )`;
}
