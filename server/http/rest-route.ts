/** Adapts a REST route to a Next.js route handler over the app's database (server/boot). */
import { getApp } from "@/server/boot";
import { markSmallJsonUncompressed } from "./encode-response";
import { handleRestRequest, type RestRoute } from "./rest-handler";

type Params = Record<string, string | string[] | undefined>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function restRoute(route: RestRoute<any, any, any>) {
  return async (req: Request, ctx: { params: Promise<Params> }): Promise<Response> => {
    const { db } = await getApp();
    return markSmallJsonUncompressed(req.headers, await handleRestRequest(route, db, req, await ctx.params));
  };
}
