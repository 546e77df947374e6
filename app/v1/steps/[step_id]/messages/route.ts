import { restRoute } from "@/server/http/rest-route";
import { listStepMessagesRoute } from "@/server/modules/steps/rest";

export const dynamic = "force-dynamic";

export const GET = restRoute(listStepMessagesRoute);
