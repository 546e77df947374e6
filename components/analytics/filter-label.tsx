/** The small caps label before a group of analytics filters. */
export function FilterLabel({ children }: { children: React.ReactNode }) {
  return <span className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{children}</span>;
}
