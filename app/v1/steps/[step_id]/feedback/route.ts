import { restRoute } from "@/server/http/rest-route";
import { modifyStepFeedbackRoute } from "@/server/modules/steps/rest";

export const dynamic = "force-dynamic";

export const PATCH = restRoute(modifyStepFeedbackRoute);
