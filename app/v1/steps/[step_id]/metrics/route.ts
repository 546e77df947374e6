import { restRoute } from "@/server/rest/route";
import { retrieveStepMetricsRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveStepMetricsRoute);
