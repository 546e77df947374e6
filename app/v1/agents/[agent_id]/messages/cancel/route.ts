import { restRoute } from "@/server/rest/route";
import { cancelAgentRunsRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const POST = restRoute(cancelAgentRunsRoute);
