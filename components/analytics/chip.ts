/** The class of an analytics filter chip (a toggle or a link), pressed or not. */
export const chip = (active: boolean) =>
  `inline-flex h-7 items-center rounded-full px-2.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap ${
    active
      ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
      : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
  }`;
