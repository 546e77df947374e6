import { restRoute } from "@/server/rest/route";
import { retrieveRunMetricsRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveRunMetricsRoute);
