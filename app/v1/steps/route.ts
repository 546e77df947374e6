import { restRoute } from "@/server/http/rest-route";
import { listStepsRoute } from "@/server/modules/steps/rest";

export const dynamic = "force-dynamic";

export const GET = restRoute(listStepsRoute);
