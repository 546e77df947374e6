/**
 * The demo's agents and prompts, shared by the seed (history) and `npm run simulate` (live runs), so that live
 * runs look like the seeded ones and the percentiles do not jump when the simulator starts.
 */
export const DEMO_AGENT_PROFILES = [
  {
    name: "support-triage",
    model: "gpt-4o-mini",
    provider: "openai",
    medianStepMs: 900,
    sigma: 0.5,
    tools: ["lookup_order", "search_kb"],
  },
  {
    name: "research-assistant",
    model: "claude-sonnet-4",
    provider: "anthropic",
    medianStepMs: 4200,
    sigma: 0.6,
    tools: ["web_search", "fetch_url"],
  },
  {
    name: "sql-analyst",
    model: "gpt-4.1",
    provider: "openai",
    medianStepMs: 2500,
    sigma: 0.7,
    tools: ["run_sql", "describe_table"],
  },
  { name: "email-drafter", model: "claude-haiku-4", provider: "anthropic", medianStepMs: 700, sigma: 0.4, tools: ["send_email"] },
  {
    name: "code-reviewer",
    model: "o4-mini",
    provider: "openai",
    medianStepMs: 6000,
    sigma: 0.8,
    tools: ["read_file", "post_comment"],
  },
] as const;
export type DemoAgentProfile = (typeof DEMO_AGENT_PROFILES)[number];

export const DEMO_PROMPTS = [
  "Where is my order #4821?",
  "Summarise the latest papers on retrieval-augmented generation.",
  "How many active users did we have last week?",
  "Draft a follow-up email to the Acme account.",
  "Review the pull request that changes the billing module.",
  "Why was I charged twice this month?",
  "Compare the two vendors' SLAs.",
];
