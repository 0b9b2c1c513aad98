/**
 * A circuit breaker per provider (model config): after `failures` consecutive failures the circuit
 * opens and the router skips the provider; after `cooldownMs` one request is let through as a
 * half-open probe: its success closes the circuit, its failure opens it for another cooldown.
 * State is per process (each instance learns a provider is down on its own, within `failures` calls).
 */
export type CircuitState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  failures: number;
  cooldownMs: number;
  now?: () => number;
}

interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number;
  probing: boolean;
  lastError: string | null;
}

export interface CircuitView {
  state: CircuitState;
  consecutive_failures: number;
  /** When an open circuit lets its next probe through (ms since epoch). */
  retry_at: number | null;
  last_error: string | null;
}

export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();
  constructor(private readonly options: () => BreakerOptions) {}

  private now() {
    return (this.options().now ?? Date.now)();
  }

  private circuit(key: string): Circuit {
    let circuit = this.circuits.get(key);
    if (!circuit) {
      circuit = { state: "closed", consecutiveFailures: 0, openedAt: 0, probing: false, lastError: null };
      this.circuits.set(key, circuit);
    }
    return circuit;
  }

  /** The state as a caller would see it now (an open circuit past its cooldown reads half-open). */
  stateOf(key: string): CircuitState {
    const c = this.circuits.get(key);
    if (!c) return "closed";
    if (c.state === "open" && this.now() - c.openedAt >= this.options().cooldownMs) return "half_open";
    return c.state;
  }

  view(key: string): CircuitView {
    const c = this.circuits.get(key);
    const state = this.stateOf(key);
    return {
      state,
      consecutive_failures: c?.consecutiveFailures ?? 0,
      retry_at: c && state === "open" ? c.openedAt + this.options().cooldownMs : null,
      last_error: c?.lastError ?? null,
    };
  }

  /** Whether a call may go to the provider now; a half-open circuit admits one probe at a time. */
  tryAcquire(key: string): boolean {
    const state = this.stateOf(key);
    if (state === "closed") return true;
    if (state === "open") return false;
    const c = this.circuit(key);
    if (c.probing) return false;
    c.state = "half_open";
    c.probing = true;
    return true;
  }

  /** Whether the provider is worth trying (without taking the half-open probe slot). */
  isAvailable(key: string): boolean {
    const state = this.stateOf(key);
    return state === "closed" || (state === "half_open" && !this.circuits.get(key)?.probing);
  }

  success(key: string) {
    const c = this.circuit(key);
    c.state = "closed";
    c.consecutiveFailures = 0;
    c.probing = false;
  }

  failure(key: string, error: string) {
    const c = this.circuit(key);
    c.consecutiveFailures++;
    c.lastError = error.slice(0, 300);
    if (c.state === "half_open" || c.consecutiveFailures >= this.options().failures) {
      c.state = "open";
      c.openedAt = this.now();
    }
    c.probing = false;
  }

  /** A call that ended without telling whether the provider works (the client went away). */
  release(key: string) {
    const c = this.circuits.get(key);
    if (c) c.probing = false;
  }

  reset() {
    this.circuits.clear();
  }
}
