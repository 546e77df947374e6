import { restRoute } from "@/server/rest/route";
import { listRunsRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(listRunsRoute);
