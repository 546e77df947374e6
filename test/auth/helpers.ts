import type { Db } from "@/db/client";
import { getAuth } from "@/server/modules/access/auth";

/** `Cookie` request header built from a response's Set-Cookie headers (name=value pairs only). */
export function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

export async function signUp(db: Db, input: { email: string; password: string; name?: string }) {
  const response = await getAuth(db).api.signUpEmail({
    body: { email: input.email, password: input.password, name: input.name ?? input.email.split("@")[0] },
    asResponse: true,
  });
  return { response, cookie: cookieHeader(response) };
}

export async function signIn(db: Db, input: { email: string; password: string }) {
  const response = await getAuth(db).api.signInEmail({ body: input, asResponse: true });
  return { response, cookie: cookieHeader(response) };
}

export const headersWithCookie = (cookie: string) => new Headers({ cookie });
