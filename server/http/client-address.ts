import http from "node:http";
import { BlockList, isIP } from "node:net";
import { env } from "@/server/env";

/**
 * The real client address of a request, for limits keyed by client (sign-in).
 *
 * Next route handlers and server actions see headers only, never the socket. `next start` sets X-Forwarded-For
 * from the socket only when the request has none (`??=` in next/dist/server/base-server.js), so a client that
 * sends its own X-Forwarded-For chooses the address the app sees. `stampPeerAddress` (called once at boot from
 * instrumentation.ts) therefore writes the socket's address into PEER_HEADER on every request the process
 * receives, replacing whatever a client sent under that name. Forwarded addresses are believed only when that
 * peer is listed in RUNTOWER_TRUSTED_PROXIES: X-Forwarded-For is then read from the right, skipping the trusted
 * proxies of the chain, and the first address that is not one of them is the client.
 */
export const PEER_HEADER = "x-runtower-peer";

const STAMPED = Symbol.for("runtower.peer-address-stamp");

/** Makes every request this process's HTTP servers receive carry its socket address in PEER_HEADER. */
export function stampPeerAddress(): void {
  const proto = http.Server.prototype as http.Server & { [STAMPED]?: true };
  if (proto[STAMPED]) return;
  proto[STAMPED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  } as http.Server["emit"];
}

let trusted: { source: string; list: BlockList } | undefined;

function trustedProxies(): BlockList {
  const source = env().RUNTOWER_TRUSTED_PROXIES ?? "";
  if (trusted?.source === source) return trusted.list;
  const list = new BlockList();
  for (const entry of source
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, bits] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  trusted = { source, list };
  return list;
}

/** `::ffff:1.2.3.4` (how a dual-stack socket reports IPv4) as `1.2.3.4`; null for anything that is not an address. */
function normalize(raw: string | undefined | null): string | null {
  const value = raw?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!value) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  const address = mapped ? mapped[1] : value;
  return isIP(address) ? address : null;
}

function isTrusted(address: string): boolean {
  return trustedProxies().check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** The client's address, or null when the request carries no peer (an in-process call, not an HTTP request). */
export function clientAddress(headers: Headers): string | null {
  const peer = normalize(headers.get(PEER_HEADER));
  if (!peer || !isTrusted(peer)) return peer;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map(normalize);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    if (!hop) break;
    if (!isTrusted(hop)) return hop;
  }
  return peer;
}
