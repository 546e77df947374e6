import { restRoute } from "@/server/rest/route";
import { listStepMessagesRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const GET = restRoute(listStepMessagesRoute);
