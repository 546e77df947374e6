"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { Permission } from "@/components/trpc/router-outputs";

/** Whether the signed-in role may do `permission` (hides what it cannot; the server checks regardless). */
export function useCan(permission: Permission): boolean {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.me.get.queryOptions(), staleTime: 60_000 });
  // Until known, show the control: the server answers FORBIDDEN if it was not allowed.
  return me.data ? me.data.permissions.includes(permission) : true;
}
