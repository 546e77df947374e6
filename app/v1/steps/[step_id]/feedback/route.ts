import { restRoute } from "@/server/http/rest-route";
import { modifyStepFeedbackRoute } from "@/server/modules/runs/rest";

export const dynamic = "force-dynamic";

export const PATCH = restRoute(modifyStepFeedbackRoute);
