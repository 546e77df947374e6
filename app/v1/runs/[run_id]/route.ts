import { restRoute } from "@/server/http/rest-route";
import { deleteRunRoute, retrieveRunRoute } from "@/server/modules/runs/rest";

export const dynamic = "force-dynamic";

export const GET = restRoute(retrieveRunRoute);
export const DELETE = restRoute(deleteRunRoute);
