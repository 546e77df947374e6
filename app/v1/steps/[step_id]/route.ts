import { restRoute } from "@/server/http/rest-route";
import { retrieveStepRoute } from "@/server/modules/steps/rest";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveStepRoute);
