import { restRoute } from "@/server/rest/route";
import { retrieveStepRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveStepRoute);
