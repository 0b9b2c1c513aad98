import "server-only";
import type { Db } from "@/server/db/client";
import { breakers } from "./dispatch";
import { quotaOf, type Quota } from "./quota";
import { BUILTIN, loadCatalog, missingKey, targetOf, type Target } from "./routing";
import type { CircuitView } from "./breaker";

/** One provider as the health and quota endpoints and the Gateway page see it. */
export interface ProviderStatus {
  id: string;
  name: string;
  provider: string;
  model: string;
  available: boolean;
  /** Why it is not available (no key, circuit open, out of quota), or a one-line summary. */
  summary: string;
  circuit: CircuitView;
  quota: Quota;
  has_key: boolean;
}

export async function providerStatuses(db: Db, userId: string): Promise<ProviderStatus[]> {
  const catalog = await loadCatalog(db, userId);
  const targets: Target[] = [...catalog.configs.map(targetOf), BUILTIN];
  return Promise.all(
    targets.map(async (t) => {
      const quota = await quotaOf(db, t, catalog.quotaSources.get(t.id));
      const circuit = breakers().view(t.id);
      const keyProblem = missingKey(t);
      const reason = keyProblem ?? (circuit.state === "open" ? `Circuit open: ${circuit.last_error ?? "failing"}` : !quota.available ? quota.summary : null);
      return {
        id: t.id,
        name: t.name,
        provider: t.provider,
        model: t.modelName,
        available: reason === null,
        summary: reason ?? quota.summary,
        circuit,
        quota,
        has_key: Boolean(t.config?.apiKeyEnc),
      };
    }),
  );
}

/** Seed 001's GET /model-gateway/health body. */
export async function gatewayHealth(db: Db, userId: string) {
  const statuses = await providerStatuses(db, userId);
  const available = statuses.filter((s) => s.available);
  const configured = statuses.filter((s) => s.id !== BUILTIN.id);
  return {
    status: available.some((s) => s.id !== BUILTIN.id) || configured.length === 0 ? ("ok" as const) : available.length ? ("degraded" as const) : ("down" as const),
    timestamp: Date.now(),
    providers_available: available.map((s) => ({ name: s.name, summary: s.summary })),
    providers_unavailable: statuses.filter((s) => !s.available).map((s) => ({ name: s.name, summary: s.summary })),
  };
}

/** Seed 001's GET /model-gateway/quota body: per provider name. */
export async function gatewayQuota(db: Db, userId: string) {
  const statuses = await providerStatuses(db, userId);
  return Object.fromEntries(
    statuses.map((s) => [
      s.name,
      {
        provider: s.name,
        available: s.quota.available,
        ...(s.quota.balance !== undefined ? { balance: s.quota.balance } : {}),
        ...(s.quota.usedPercent !== undefined ? { usedPercent: s.quota.usedPercent } : {}),
        summary: s.quota.summary,
      },
    ]),
  );
}
