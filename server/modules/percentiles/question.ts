import type { RunStatus } from "@/db/schema";

/** Which of the organization's runs a percentile is read over. Created-at bounds are inclusive. */
export interface RunPopulation {
  agentIds?: readonly string[];
  projectId?: string;
  statuses?: readonly RunStatus[];
  from?: Date;
  to?: Date;
}

/** "Percentiles of run durations (or TTFTs) of this population", overall and optionally per UTC hour or day. */
export interface PercentileQuestion extends RunPopulation {
  field: "duration" | "ttft";
  /** Between 0 and 100. */
  percentiles: readonly number[];
  series: "none" | "hour" | "day";
}

export interface RunPercentilePoint {
  bucketStart: Date;
  count: number;
  /** Aligned with the question's percentiles; null where no run has a value. */
  values: (number | null)[];
}

export interface RunPercentileAnswer {
  count: number;
  values: (number | null)[];
  series: RunPercentilePoint[];
  /** True when read from the histograms: each value is then within RELATIVE_ERROR of percentile_cont. */
  approximate: boolean;
}
