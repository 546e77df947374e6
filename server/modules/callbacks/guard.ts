import ipaddr from "ipaddr.js";

/**
 * The SSRF guard's decision, as pure functions: no DNS, no sockets, no environment. The transport resolves the
 * host, asks `decideCallbackTarget` about every address, and connects only to an address that was approved.
 *
 * Every address outside ipaddr.js's "unicast" range is refused: loopback, RFC 1918 private, link-local
 * (169.254/16 — cloud metadata — and fe80::/10), ULA (fc00::/7), 0.0.0.0/8, carrier-grade NAT (100.64/10, where
 * some clouds put metadata), reserved/documentation ranges, multicast, broadcast, and IPv6 transition prefixes
 * (6to4, Teredo, NAT64) that can embed a private IPv4. IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as its IPv4.
 */
export interface GuardPolicy {
  /** CALLBACK_ALLOWED_HOSTS entries: host names, IP addresses or CIDR ranges that may be private. */
  allowedHosts: readonly string[];
}

export type GuardDecision =
  | { ok: true; hostname: string; addresses: string[]; allowListed: boolean }
  | { ok: false; reason: string };

export type UrlDecision =
  | { ok: true; url: URL; hostname: string; literalAddress: string | null; allowListedHost: boolean }
  | { ok: false; reason: string };

const stripBrackets = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

/** A normalized IP string (IPv4-mapped IPv6 becomes IPv4), or null when `value` is not an IP address. */
export function normalizeAddress(value: string): string | null {
  const raw = stripBrackets(value.trim());
  if (!ipaddr.isValid(raw)) return null;
  // isValid accepts odd IPv4 forms ("1", "0x7f.1"); only strict dotted quads or IPv6 count as literals here.
  if (!raw.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(raw)) return null;
  return ipaddr.process(raw).toString();
}

export function parseAllowedHosts(value: string | undefined | null): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

function hostIsAllowListed(hostname: string, policy: GuardPolicy): boolean {
  const host = stripBrackets(hostname.toLowerCase());
  const asAddress = normalizeAddress(host);
  return policy.allowedHosts.some((entry) => {
    const bare = stripBrackets(entry);
    if (bare === host) return true;
    const entryAddress = normalizeAddress(bare);
    return asAddress !== null && entryAddress !== null && entryAddress === asAddress;
  });
}

function addressIsAllowListed(address: string, policy: GuardPolicy): boolean {
  const parsed = ipaddr.process(address);
  return policy.allowedHosts.some((entry) => {
    const bare = stripBrackets(entry);
    if (bare.includes("/")) {
      try {
        const [range, bits] = ipaddr.parseCIDR(bare);
        const candidate = parsed.kind() === range.kind() ? parsed : null;
        return candidate !== null && candidate.match([range, bits]);
      } catch {
        return false;
      }
    }
    const entryAddress = normalizeAddress(bare);
    return entryAddress !== null && entryAddress === parsed.toString();
  });
}

/** Why an address may not be called, or null when it is a public unicast address. */
export function refusedRange(address: string): string | null {
  const normalized = normalizeAddress(address);
  if (!normalized) return "is not an IP address";
  const range = ipaddr.parse(normalized).range();
  return range === "unicast" ? null : `is in a non-public range (${range})`;
}

/** Scheme, credentials and (for IP literals) the address: everything that can be decided from the URL alone. */
export function checkCallbackUrl(value: string, policy: GuardPolicy): UrlDecision {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: "callback URL is not an absolute URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: `callback URL scheme ${url.protocol} is not allowed (http and https only)` };
  if (url.username || url.password) return { ok: false, reason: "callback URL must not contain credentials" };
  // WHATWG URL parsing already turned decimal/hex/octal IPv4 forms into dotted quads.
  const hostname = stripBrackets(url.hostname.toLowerCase());
  if (!hostname) return { ok: false, reason: "callback URL has no host" };
  const allowListedHost = hostIsAllowListed(hostname, policy);
  const literalAddress = normalizeAddress(hostname);
  if (literalAddress && !allowListedHost && !addressIsAllowListed(literalAddress, policy)) {
    const why = refusedRange(literalAddress);
    if (why) return { ok: false, reason: `callback host ${hostname} ${why} and is not in CALLBACK_ALLOWED_HOSTS` };
  }
  return { ok: true, url, hostname, literalAddress, allowListedHost };
}

/**
 * The whole decision: the URL, and every address its host resolved to (`resolved` is ignored for IP literals).
 * One refused address refuses the target, so a host cannot mix a public and a private answer.
 */
export function decideCallbackTarget(value: string, resolved: readonly string[], policy: GuardPolicy): GuardDecision {
  const checked = checkCallbackUrl(value, policy);
  if (!checked.ok) return checked;
  const addresses = checked.literalAddress ? [checked.literalAddress] : [...resolved];
  if (addresses.length === 0) return { ok: false, reason: `callback host ${checked.hostname} resolved to no address` };
  let allowListed = checked.allowListedHost;
  for (const address of addresses) {
    const normalized = normalizeAddress(address);
    if (!normalized) return { ok: false, reason: `callback host ${checked.hostname} resolved to ${address}, not an IP address` };
    if (checked.allowListedHost) continue;
    if (addressIsAllowListed(normalized, policy)) {
      allowListed = true;
      continue;
    }
    const why = refusedRange(normalized);
    if (why) {
      const via = checked.literalAddress ? "" : ` (resolved from ${checked.hostname})`;
      return { ok: false, reason: `callback address ${normalized}${via} ${why} and is not in CALLBACK_ALLOWED_HOSTS` };
    }
  }
  return { ok: true, hostname: checked.hostname, addresses: addresses.map((a) => normalizeAddress(a)!), allowListed };
}
