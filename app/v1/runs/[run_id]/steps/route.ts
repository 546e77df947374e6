import { restRoute } from "@/server/rest/route";
import { listRunStepsRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(listRunStepsRoute);
