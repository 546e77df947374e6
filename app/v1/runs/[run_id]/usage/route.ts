import { restRoute } from "@/server/rest/route";
import { retrieveRunUsageRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveRunUsageRoute);
