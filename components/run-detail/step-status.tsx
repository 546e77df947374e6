const STEP_STATUS_COLORS: Record<string, string> = {
  success: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  cancelled: "text-amber-700 dark:text-amber-400",
  pending: "text-sky-700 dark:text-sky-400",
};

export function StepStatus({ status }: { status: string }) {
  return <span className={`font-medium ${STEP_STATUS_COLORS[status] ?? ""}`}>{status}</span>;
}
