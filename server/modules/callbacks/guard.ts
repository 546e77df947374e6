import ipaddr from "ipaddr.js";

/**
 * The SSRF guard's decision, as pure functions: no DNS, no sockets, no environment. The transport resolves the
 * host, asks `decideCallbackTarget` about every address, and connects only to an address that was approved.
 *
 * Every address outside ipaddr.js's "unicast" range is refused: loopback, RFC 1918 private, link-local
 * (169.254/16 — cloud metadata — and fe80::/10), ULA (fc00::/7), 0.0.0.0/8, carrier-grade NAT (100.64/10, where
 * some clouds put metadata), reserved/documentation ranges, multicast, broadcast, and IPv6 transition prefixes
 * (6to4, Teredo, NAT64, SIIT) whatever they embed. IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d)
 * addresses are judged as their IPv4; every other form that embeds an IPv4 (NAT64, SIIT, 6to4, Teredo, ISATAP
 * interface ids) is refused naming the IPv4 when that IPv4 is not public, so an operator sees which address it hides.
 */
export interface GuardPolicy {
  /** CALLBACK_ALLOWED_HOSTS entries: host names, IP addresses or CIDR ranges that may be private. */
  allowedHosts: readonly string[];
}

export type GuardDecision =
  { ok: true; hostname: string; addresses: string[]; allowListed: boolean } | { ok: false; reason: string };

export type UrlDecision =
  | { ok: true; url: URL; hostname: string; literalAddress: string | null; allowListedHost: boolean }
  | { ok: false; reason: string };

const stripBrackets = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

const ipv4Of = (high: number, low: number) => ipaddr.fromByteArray([high >> 8, high & 0xff, low >> 8, low & 0xff]) as ipaddr.IPv4;

/** ::a.b.c.d (deprecated IPv4-compatible) except :: and ::1, which are IPv6's own unspecified and loopback. */
function ipv4Compatible(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  if (p.slice(0, 6).some((part) => part !== 0) || (p[6] === 0 && p[7] <= 1)) return null;
  return ipv4Of(p[6], p[7]);
}

/** A normalized IP string (IPv4-mapped and IPv4-compatible IPv6 become IPv4), or null when `value` is not an IP address. */
export function normalizeAddress(value: string): string | null {
  const raw = stripBrackets(value.trim());
  if (!ipaddr.isValid(raw)) return null;
  // isValid accepts odd IPv4 forms ("1", "0x7f.1"); only strict dotted quads or IPv6 count as literals here.
  if (!raw.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(raw)) return null;
  const address = ipaddr.process(raw);
  const compatible = address.kind() === "ipv6" ? ipv4Compatible(address as ipaddr.IPv6) : null;
  return (compatible ?? address).toString();
}

/** The IPv4 addresses an IPv6 address carries in a transition format, by the format's own layout. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = address.parts;
  const found: ipaddr.IPv4[] = [];
  const range = address.range();
  if (range === "rfc6052" || range === "rfc6145") found.push(ipv4Of(p[6], p[7]));
  if (range === "6to4") found.push(ipv4Of(p[1], p[2]));
  // Teredo: the server's IPv4 in bits 32–63, the client's (bit-inverted) in the last 32 bits.
  if (range === "teredo") found.push(ipv4Of(p[2], p[3]), ipv4Of(~p[6] & 0xffff, ~p[7] & 0xffff));
  // ISATAP: any prefix, interface id 0000:5efe:a.b.c.d (0200:… when globally unique).
  if ((p[4] & 0xfcff) === 0 && p[5] === 0x5efe) found.push(ipv4Of(p[6], p[7]));
  return found;
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
  const parsed = ipaddr.parse(normalized);
  const embedded = parsed.kind() === "ipv6" ? embeddedIPv4(parsed as ipaddr.IPv6) : [];
  const hidden = embedded.find((ipv4) => ipv4.range() !== "unicast");
  if (hidden) return `embeds the IPv4 address ${hidden.toString()}, in a non-public range (${hidden.range()})`;
  const range = parsed.range();
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
    const as = literalAddress === hostname ? "" : ` (the IPv4 address ${literalAddress})`;
    if (why) return { ok: false, reason: `callback host ${hostname}${as} ${why} and is not in CALLBACK_ALLOWED_HOSTS` };
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
