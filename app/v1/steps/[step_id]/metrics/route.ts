import { restRoute } from "@/server/http/rest-route";
import { retrieveStepMetricsRoute } from "@/server/modules/steps/rest";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveStepMetricsRoute);
