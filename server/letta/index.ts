/** Letta's wire format: the one mapping from our rows to Letta's shapes, used by /v1 and by callback payloads. */
export * from "./callback";
export * from "./list-query";
export * from "./message-wire";
export * from "./messages";
export * from "./run";
export * from "./step";
export * from "./usage";
export * from "./wire";
