export * from "./enums";
export * from "./organizations";
export * from "./agents";
export * from "./runs";
export * from "./steps";
