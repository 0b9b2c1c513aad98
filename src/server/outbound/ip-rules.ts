import { BlockList, isIP } from "node:net";

/**
 * Addresses outbound requests may not reach unless OUTBOUND_ALLOW_PRIVATE is set: everything that is
 * not the public internet (loopback, private, link-local, CGNAT, unique-local, multicast, reserved,
 * documentation and benchmark ranges). IPv6 forms that embed an IPv4 address (IPv4-mapped
 * `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`) are judged by the embedded address.
 */
const refused = new BlockList();
const V4: [string, number, string][] = [
  ["0.0.0.0", 8, "this network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];
const V6: [string, number, string][] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["::", 96, "IPv4-compatible"],
  ["100::", 64, "discard"],
  ["2001:db8::", 32, "documentation"],
  ["2002::", 16, "6to4"],
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
];
const reasons: { list: BlockList; reason: string; family: "ipv4" | "ipv6" }[] = [];
for (const [net, prefix, reason] of V4) {
  refused.addSubnet(net, prefix, "ipv4");
  const one = new BlockList();
  one.addSubnet(net, prefix, "ipv4");
  reasons.push({ list: one, reason, family: "ipv4" });
}
for (const [net, prefix, reason] of V6) {
  refused.addSubnet(net, prefix, "ipv6");
  const one = new BlockList();
  one.addSubnet(net, prefix, "ipv6");
  reasons.push({ list: one, reason, family: "ipv6" });
}

/** The IPv4 address embedded in an IPv4-mapped or NAT64 IPv6 address, if any. */
export function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, "");
  const match = /^(?:::ffff:|::ffff:0:|64:ff9b::)(.+)$/.exec(lower);
  if (!match) return null;
  const tail = match[1];
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
  if (!hex) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Why an address is refused ("loopback", "private" ...), or null for a public address. */
export function refusalReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "").split("%")[0];
  const family = isIP(bare);
  if (family === 0) return "not an IP address";
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) return refusalReason(v4);
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  if (!refused.check(bare, type)) return null;
  return reasons.find((r) => r.family === type && r.list.check(bare, type))?.reason ?? "reserved";
}
