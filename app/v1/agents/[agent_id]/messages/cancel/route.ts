import { restRoute } from "@/server/http/rest-route";
import { cancelAgentRunsRoute } from "@/server/modules/runs/rest";

export const dynamic = "force-dynamic";

export const POST = restRoute(cancelAgentRunsRoute);
