/**
 * Boot: refuse to start without valid configuration (production secrets), then open (migrate, prepare) the
 * database before the first request, and start the in-app callback worker.
 */
export async function register() {
  // Next's own variables (which runtime loads this file; a build prerendering pages), not the app's configuration.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    // Route handlers and server actions see headers only: the socket's address is stamped into one (client-address.ts).
    const { stampPeerAddress } = await import("./server/http/client-address");
    stampPeerAddress();
    const { exitUnlessBootable, getApp } = await import("./server/boot");
    exitUnlessBootable();
    const database = await getApp();
    // The callback delivery worker runs inside the app unless CALLBACK_WORKER=off (then: npm run worker).
    const { startInAppWorker } = await import("./server/modules/callbacks");
    startInAppWorker(database.db);
  }
}
