/** The class strings of buttons and inputs, shared by every page so controls look alike. */
export function buttonClass(variant: "primary" | "secondary" | "danger" | "ghost" = "secondary", size: "sm" | "md" = "sm") {
  const base =
    "inline-flex items-center justify-center gap-1 rounded-md font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-50";
  const sizes = { sm: "h-8 px-2.5 text-xs", md: "h-9 px-3 text-sm" };
  const variants = {
    primary: "bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300",
    secondary:
      "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800",
    danger: "bg-red-600 text-white hover:bg-red-700 dark:bg-red-700 dark:hover:bg-red-600",
    ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
  };
  return `${base} ${sizes[size]} ${variants[variant]}`;
}

export const inputClass =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 placeholder:text-zinc-400 focus:outline-2 focus:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
