import { describe, expect, it } from "vitest";
import { readCallbackConfig } from "@/server/modules/callbacks/config";
import { decideCallbackTarget } from "@/server/modules/callbacks/guard";

/** The app's own receiver is allow-listed in development only (the demo inbox and `npm run simulate` need no setup). */
describe("readCallbackConfig: the app's own host", () => {
  const own = "http://localhost:3000/api/callbacks/endpoint-1";

  it("allows the app's own receiver in development, nothing more", () => {
    const { policy } = readCallbackConfig({ NODE_ENV: "development" });
    expect(decideCallbackTarget(own, ["127.0.0.1"], policy).ok).toBe(true);
    expect(decideCallbackTarget("http://10.0.0.5/hook", [], policy).ok).toBe(false);
  });

  it("follows RUNTOWER_PUBLIC_URL's host in development", () => {
    const { policy } = readCallbackConfig({ NODE_ENV: "development", RUNTOWER_PUBLIC_URL: "http://dev.internal:8080/" });
    expect(decideCallbackTarget("http://dev.internal:8080/api/callbacks/x", ["10.1.2.3"], policy).ok).toBe(true);
    expect(decideCallbackTarget(own, ["127.0.0.1"], policy).ok).toBe(false);
  });

  it("refuses it in production unless CALLBACK_ALLOWED_HOSTS lists it", () => {
    expect(decideCallbackTarget(own, ["127.0.0.1"], readCallbackConfig({ NODE_ENV: "production" }).policy).ok).toBe(false);
    const listed = readCallbackConfig({ NODE_ENV: "production", CALLBACK_ALLOWED_HOSTS: "localhost" }).policy;
    expect(decideCallbackTarget(own, ["127.0.0.1"], listed).ok).toBe(true);
  });
});
