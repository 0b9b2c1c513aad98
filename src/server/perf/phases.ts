/**
 * Named moments of a request, for the benchmark's breakdown of time to first token (auth, load, DB
 * writes, provider setup). Nothing listens in production: `phase()` is then one null check.
 * The benchmark sends one request at a time, so the moments need no request id.
 */
type PhaseListener = (name: string, at: number) => void;

const globalForPhases = globalThis as unknown as { atriumPhaseListener?: PhaseListener | null };

export function onPhase(listener: PhaseListener | null) {
  globalForPhases.atriumPhaseListener = listener;
}

export function phase(name: string) {
  const listener = globalForPhases.atriumPhaseListener;
  if (listener) listener(name, performance.now());
}
