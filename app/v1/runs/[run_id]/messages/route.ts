import { restRoute } from "@/server/http/rest-route";
import { listRunMessagesRoute } from "@/server/modules/runs/rest";

export const dynamic = "force-dynamic";

export const GET = restRoute(listRunMessagesRoute);
