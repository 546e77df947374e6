import { restRoute } from "@/server/http/rest-route";
import { retrieveRunUsageRoute } from "@/server/modules/runs/rest";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveRunUsageRoute);
