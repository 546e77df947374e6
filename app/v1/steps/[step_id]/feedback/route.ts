import { restRoute } from "@/server/rest/route";
import { modifyStepFeedbackRoute } from "@/server/rest/routes";

export const dynamic = "force-dynamic";

export const PATCH = restRoute(modifyStepFeedbackRoute);
