import { restRoute } from "@/server/rest/route";
import { listRunMessagesRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(listRunMessagesRoute);
