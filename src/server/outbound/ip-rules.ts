import ipaddr from "ipaddr.js";

/**
 * Which addresses outbound requests may reach: plain public unicast only. Classification is
 * ipaddr.js's (`parse`, `range()`, subnet `match`), a maintained table of the IANA special-purpose
 * registries, rather than our own patterns. Everything it names is refused: unspecified, loopback,
 * private, link-local, unique-local, site-local, multicast, broadcast, carrier-grade NAT
 * (100.64/10), benchmarking, documentation, discard, AS112/AMT anycast, ORCHID and the other
 * reserved blocks. IPv6 must also lie in global unicast 2000::/3; the rest of the IPv6 space is
 * unallocated or special (including the deprecated IPv4-compatible ::/96).
 *
 * Forms that embed an IPv4 address are refused as whole prefixes, not judged by the IPv4 address
 * inside: IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96, NAT64 64:ff9b::/96 and
 * 64:ff9b:1::/48, 6to4 2002::/16 and Teredo 2001::/32. Each embeds differently (the last 32 bits;
 * RFC 6052 splits the address around a reserved octet for /48 prefixes; 6to4 uses bits 16-47;
 * Teredo stores the client inverted) and each hand-written extraction is one more way to let a
 * loopback or private address through: the old rules missed ::ffff:0:127.0.0.1 exactly so. Nothing
 * useful is lost: a host on an IPv4 or dual-stack network reaches an IPv4 site by its IPv4 address,
 * and public names never resolve to these forms there. The one exception is an IPv6-only host
 * behind DNS64/NAT64; such a deployment has to allow them (OUTBOUND_ALLOW_PRIVATE=1, or an
 * `allowPrivate` function for the NAT64 prefix).
 */

/** Names of ipaddr.js ranges (IPv4 and IPv6 `range()` results) as they read in refusal messages. */
const RANGE_NAMES: Record<string, string> = {
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local",
  loopback: "loopback",
  carrierGradeNat: "carrier-grade NAT",
  private: "private",
  reserved: "reserved",
  benchmarking: "benchmarking",
  amt: "AMT relay anycast",
  as112: "AS112 anycast",
  as112v6: "AS112 anycast",
  uniqueLocal: "unique-local",
  deprecatedSiteLocal: "site-local",
  discard: "discard-only",
  ipv4Mapped: "IPv4-mapped IPv6",
  rfc6145: "IPv4-translated IPv6",
  rfc6052: "NAT64",
  "6to4": "6to4",
  teredo: "Teredo",
  deprecatedOrchid: "ORCHID",
  orchid2: "ORCHID",
  droneRemoteIdProtocolEntityTags: "drone remote ID",
  segmentRouting: "segment routing",
};

const cidr = (text: string) => ipaddr.parseCIDR(text);

/** ipaddr.js files these under "reserved"; the finer name makes a refusal easier to understand. */
const RESERVED_DETAIL: Record<string, [ipaddr.IPv4 | ipaddr.IPv6, number][]> = {
  documentation: [cidr("192.0.2.0/24"), cidr("198.51.100.0/24"), cidr("203.0.113.0/24"), cidr("2001:db8::/32"), cidr("3fff::/20")],
  benchmarking: [cidr("198.18.0.0/15")],
  "IETF protocol assignments": [cidr("192.0.0.0/24"), cidr("2001::/23")],
  "6to4 relay anycast": [cidr("192.88.99.0/24")],
  "reserved (240.0.0.0/4)": [cidr("240.0.0.0/4")],
};

const GLOBAL_UNICAST_V6 = cidr("2000::/3");

/**
 * Parses an address as it comes from a URL host or a resolver: brackets and an IPv6 zone (`%eth0`)
 * are dropped. ipaddr.js also reads the old numeric IPv4 forms (2130706433, 0x7f.1, 0177.0.0.1) the
 * way inet_aton does, so they are classified by the address they really dial.
 */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = address.trim().replace(/^\[|\]$/g, "").split("%")[0];
  return ipaddr.isValid(bare) ? ipaddr.parse(bare) : null;
}

/** Why an address is refused ("loopback", "private", "NAT64" ...), or null for a public unicast address. */
export function refusalReason(address: string): string | null {
  const ip = parseAddress(address);
  if (!ip) return "not an IP address";
  // The typings list only some of the range names the library returns.
  const range: string = ip.range();
  if (range === "reserved") return ipaddr.subnetMatch(ip, RESERVED_DETAIL, "reserved");
  if (range !== "unicast") return RANGE_NAMES[range] ?? range;
  if (ip.kind() === "ipv6" && !ip.match(GLOBAL_UNICAST_V6)) return "reserved (outside global unicast 2000::/3)";
  return null;
}
