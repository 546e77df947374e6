// Letta's id prefixes (plus ours for the objects Letta lacks); `<prefix>-<uuid>` everywhere.
export const ID_PREFIXES = {
  org: "org",
  project: "project",
  agent: "agent",
  tool: "tool",
  run: "run",
  step: "step",
  message: "message",
  batch: "batch",
  key: "key",
  delivery: "delivery",
  endpoint: "endpoint",
  invitation: "invitation",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const patterns = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([kind, prefix]) => [kind, new RegExp(`^${prefix}-${UUID}$`)]),
) as Record<IdKind, RegExp>;

export function newId(kind: IdKind): string {
  // Web Crypto (global in Node 20 and browsers), not node:crypto: schemas reach client bundles through this file,
  // and node:crypto there means a crypto-browserify polyfill whose start-up probes eval (a CSP violation).
  return `${ID_PREFIXES[kind]}-${crypto.randomUUID()}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return patterns[kind].test(value);
}
