import { restRoute } from "@/server/rest/route";
import { deleteRunRoute, retrieveRunRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveRunRoute);
export const DELETE = restRoute(deleteRunRoute);
