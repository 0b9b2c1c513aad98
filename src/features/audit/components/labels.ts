/** "user_signed_in" → "User signed in". */
export const humanize = (name: string) => {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Names of seed 000's security systems that read better than their keys. */
const SYSTEM_NAMES: Record<string, string> = {
  merkle_audit_trail: "Merkle audit trail",
  wasm_dual_metering: "WASM dual metering",
  gcra_rate_limiter: "Rate limiter (GCRA)",
  ssrf_protection: "SSRF protection",
  ofp_hmac_auth: "OFP HMAC auth",
};
export const systemName = (key: string) => SYSTEM_NAMES[key] ?? humanize(key);

export const formatCount = (n: number) => n.toLocaleString("en");
