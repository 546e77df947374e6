import { restRoute } from "@/server/rest/route";
import { listStepsRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(listStepsRoute);
