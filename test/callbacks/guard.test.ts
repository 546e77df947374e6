import { describe, expect, it } from "vitest";
import { checkCallbackUrl, decideCallbackTarget, parseAllowedHosts } from "@/server/modules/callbacks/guard";
import { nextRetryAt, parseRetryAfter, RETRY_DELAYS_MS } from "@/server/modules/callbacks/schedule";

const none = { allowedHosts: [] as string[] };
const tests = { allowedHosts: ["127.0.0.1"] };

describe("SSRF guard (pure decision, no sockets)", () => {
  it.each([
    ["http://10.0.0.1/hook", "private"],
    ["http://172.16.0.1/hook", "private"],
    ["http://192.168.1.1/hook", "private"],
    ["http://169.254.169.254/latest/meta-data", "linkLocal"],
    ["http://[::1]/hook", "loopback"],
    ["http://[fc00::1]/hook", "uniqueLocal"],
    ["http://0.0.0.0/hook", "unspecified"],
    ["http://0.1.2.3/hook", "unspecified"],
    ["http://127.0.0.1/hook", "loopback"],
    ["http://[fe80::1]/hook", "linkLocal"],
    ["http://100.100.100.200/hook", "carrierGradeNat"],
    // Literal forms a lookup hook would miss: decimal, hex, IPv4-mapped IPv6.
    ["http://2130706433/hook", "loopback"],
    ["http://0x7f000001/hook", "loopback"],
    ["http://[::ffff:10.0.0.1]/hook", "private"],
    ["http://[::ffff:169.254.169.254]/hook", "linkLocal"],
  ])("refuses %s (%s)", (url, range) => {
    const decision = decideCallbackTarget(url, [], none);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.reason).toContain(range);
  });

  // Every IPv6 form that embeds an IPv4 address is judged as that IPv4 (issue #13 item 14), written in brackets or
  // resolved from a host name: IPv4-compatible (::/96), IPv4-mapped, SIIT (::ffff:0:0/96), NAT64 (64:ff9b::/96),
  // 6to4 (2002::/16), Teredo (2001::/32, server and XOR-ed client) and ISATAP interface ids (…:0:5efe:a.b.c.d).
  it.each([
    ["http://[::127.0.0.2]/hook", "127.0.0.2", "loopback"],
    ["http://[::7f00:2]/hook", "127.0.0.2", "loopback"],
    ["http://[0:0:0:0:0:0:a00:1]/hook", "10.0.0.1", "private"],
    ["http://[::a9fe:a9fe]/hook", "169.254.169.254", "linkLocal"],
    ["http://[::ffff:7f00:1]/hook", "127.0.0.1", "loopback"],
    ["http://[::ffff:0:7f00:1]/hook", "127.0.0.1", "loopback"],
    ["http://[64:ff9b::7f00:1]/hook", "127.0.0.1", "loopback"],
    ["http://[64:ff9b::a9fe:a9fe]/hook", "169.254.169.254", "linkLocal"],
    ["http://[2002:7f00:1::1]/hook", "127.0.0.1", "loopback"],
    ["http://[2002:c0a8:101::]/hook", "192.168.1.1", "private"],
    ["http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/hook", "10.0.0.1", "private"],
    ["http://[2001:0:a00:1:8000:63bf:3fff:fdd2]/hook", "10.0.0.1", "private"],
    ["http://[2600:1f18::5efe:a00:1]/hook", "10.0.0.1", "private"],
    ["http://[2600:1f18::200:5efe:a9fe:a9fe]/hook", "169.254.169.254", "linkLocal"],
  ])("refuses %s as the IPv4 %s it embeds (%s)", (url, ipv4, range) => {
    const decision = decideCallbackTarget(url, [], none);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.reason).toContain(ipv4);
    if (!decision.ok) expect(decision.reason).toContain(range);
    const host = new URL(url).hostname.slice(1, -1);
    const resolved = decideCallbackTarget("https://hooks.example.com/x", [host], none);
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.reason).toContain(ipv4);
  });

  it("judges an IPv4-compatible address with a public IPv4 as that IPv4; transition prefixes stay refused", () => {
    expect(decideCallbackTarget("http://[::808:808]/", [], none)).toMatchObject({ ok: true, addresses: ["8.8.8.8"] });
    // NAT64, 6to4 and Teredo relay through a gateway this server does not choose: refused even with a public IPv4.
    expect(decideCallbackTarget("http://[64:ff9b::808:808]/", [], none).ok).toBe(false);
    expect(decideCallbackTarget("http://[2002:808:808::1]/", [], none).ok).toBe(false);
    // :: and ::1 are not IPv4-compatible addresses: unspecified and loopback as before.
    expect(decideCallbackTarget("http://[::]/", [], none).ok).toBe(false);
    expect(decideCallbackTarget("http://[::1]/", [], none).ok).toBe(false);
    // An allow-listed IPv4 allows its IPv4-compatible spelling too, and only that one address.
    expect(decideCallbackTarget("http://[::7f00:1]:8080/cb", [], tests)).toMatchObject({ ok: true, allowListed: true });
    expect(decideCallbackTarget("http://[::7f00:2]:8080/cb", [], tests).ok).toBe(false);
  });

  it.each(["file:///etc/passwd", "javascript:alert(1)", "ftp://example.com/x", "gopher://example.com/", "not a url"])(
    "refuses %s by scheme",
    (url) => {
      const decision = decideCallbackTarget(url, ["93.184.216.34"], none);
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.reason).toMatch(/scheme|not an absolute URL/);
    },
  );

  it("refuses credentials in the URL", () => {
    expect(checkCallbackUrl("https://user:pw@example.com/", none).ok).toBe(false);
  });

  it("judges every resolved address of a host name: one private answer refuses the host", () => {
    expect(decideCallbackTarget("https://hooks.example.com/x", ["93.184.216.34"], none)).toMatchObject({
      ok: true,
      addresses: ["93.184.216.34"],
    });
    const mixed = decideCallbackTarget("https://hooks.example.com/x", ["93.184.216.34", "10.1.2.3"], none);
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) expect(mixed.reason).toContain("10.1.2.3");
    expect(decideCallbackTarget("https://metadata.internal/", ["169.254.169.254"], none).ok).toBe(false);
    expect(decideCallbackTarget("https://v6.example.com/", ["fd00:ec2::254"], none).ok).toBe(false);
    expect(decideCallbackTarget("https://empty.example.com/", [], none).ok).toBe(false);
  });

  it("allows public addresses, and private ones only when CALLBACK_ALLOWED_HOSTS names them", () => {
    expect(decideCallbackTarget("http://8.8.8.8/", [], none).ok).toBe(true);
    expect(decideCallbackTarget("http://[2606:4700::1111]/", [], none).ok).toBe(true);
    expect(decideCallbackTarget("http://127.0.0.1:8080/cb", [], tests)).toMatchObject({ ok: true, allowListed: true });
    // 127.0.0.2 is loopback and not allow-listed: still refused.
    expect(decideCallbackTarget("http://127.0.0.2:8080/cb", [], tests).ok).toBe(false);
    // A name that resolves to an allow-listed address is allowed; to another loopback address, not.
    expect(decideCallbackTarget("http://localhost:8080/", ["127.0.0.1"], tests).ok).toBe(true);
    expect(decideCallbackTarget("http://localhost:8080/", ["127.0.0.1", "::1"], tests).ok).toBe(false);
    // Host names and CIDR ranges in the list.
    const policy = { allowedHosts: parseAllowedHosts("receiver.internal, 10.0.0.0/8 ,[::1]") };
    expect(decideCallbackTarget("http://receiver.internal/", ["192.168.0.9"], policy).ok).toBe(true);
    expect(decideCallbackTarget("http://10.9.8.7/", [], policy).ok).toBe(true);
    expect(decideCallbackTarget("http://[::1]:9/", [], policy).ok).toBe(true);
    expect(decideCallbackTarget("http://172.16.0.1/", [], policy).ok).toBe(false);
  });
});

describe("retry schedule (Svix)", () => {
  it("waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (±20 %) and then gives up", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const expected = [5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6];
    expect([...RETRY_DELAYS_MS]).toEqual(expected);
    expected.forEach((ms, i) => {
      expect(nextRetryAt(now, i + 1, { random: () => 0.5 })!.getTime() - now.getTime()).toBe(ms);
      expect(nextRetryAt(now, i + 1, { random: () => 0 })!.getTime() - now.getTime()).toBe(ms * 0.8);
      expect(nextRetryAt(now, i + 1, { random: () => 0.999999 })!.getTime() - now.getTime()).toBeCloseTo(ms * 1.2, -2);
    });
    expect(nextRetryAt(now, 8)).toBeNull();
  });

  it("honours Retry-After (seconds or HTTP date), never bringing a retry forward, capped at 24 h", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:10:00 GMT", now)).toBe(600_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(nextRetryAt(now, 1, { random: () => 0.5, retryAfterMs: 120_000 })!.getTime() - now.getTime()).toBe(120_000);
    expect(nextRetryAt(now, 2, { random: () => 0.5, retryAfterMs: 1000 })!.getTime() - now.getTime()).toBe(300_000);
    expect(nextRetryAt(now, 1, { random: () => 0.5, retryAfterMs: 9e9 })!.getTime() - now.getTime()).toBe(864e5);
  });
});
