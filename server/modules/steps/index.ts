/** What other modules may call of the steps module. */
export type { Step, StepListItem, StepTimings } from "./step";
export type { StepMetrics } from "./use-cases/read-steps";
export { createStep } from "./use-cases/create-step";
export { listSteps } from "./use-cases/read-steps";
