/** How often the callbacks page re-reads deliveries, the inbox and health. */
export const POLL_MS = 5000;
export const th = "px-3 py-2 font-medium whitespace-nowrap";
export const td = "px-3 py-2 whitespace-nowrap";

export const DELIVERY_STYLES: Record<string, string> = {
  pending: "text-sky-700 dark:text-sky-300",
  delivered: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
};
