import "server-only";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * The threads code nodes run on. QuickJS evaluates synchronously, so on the main thread a script at
 * its 5 s limit would have stalled every request and stream of the process; here it holds only its
 * thread. A few long-lived workers (QuickJS compiled once each), scripts queued when all are busy,
 * idle workers ended after a while. The worker stops a script itself at its deadline or when the
 * step is cancelled (a shared flag its interrupt handler reads); if it does not answer soon after,
 * it is terminated and replaced.
 */

export interface SandboxTask {
  source: string;
  scopeJson: string;
  timeoutMs: number;
  memoryBytes: number;
}

export interface SandboxLog {
  level: "debug" | "info" | "warn" | "error";
  message: string;
}

export type SandboxResult =
  | { kind: "ok"; json: string | null; logs: SandboxLog[] }
  | { kind: "thrown"; failure: { name?: string; message?: string; stack?: string }; cancelled: boolean; logs: SandboxLog[] }
  | { kind: "host"; message: string; stack: boolean; logs: SandboxLog[] }
  /** The thread did not answer in time (or died) and was replaced. */
  | { kind: "lost"; message: string; logs: SandboxLog[] };

const WORKERS = Math.max(1, Math.min(2, availableParallelism()));
const IDLE_MS = 60_000;
/** How long past its own deadline a worker may take to answer before it is terminated. */
const GRACE_MS = 2_000;
const WORKER_FILE = "src/features/workflows/nodes/sandbox/code-worker.mjs";

interface Pending {
  id: number;
  task: SandboxTask;
  cancel: Int32Array;
  resolve: (result: SandboxResult) => void;
}

interface Slot {
  worker: Worker;
  /** QuickJS is loaded in it (a worker's first seconds on a busy machine must not eat a script's limit). */
  ready: boolean;
  current?: Pending;
  guard?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
}

// Workers resolve the file from the project root (npm start, tests and next all run there): a path
// next to this module would point into a bundle's output instead.
const workerPath = () => {
  const file = path.join(process.cwd(), WORKER_FILE);
  if (!existsSync(file)) throw new Error(`The code sandbox's worker is missing at ${file} (start Atrium from its project directory)`);
  return file;
};

const state = ((globalThis as unknown as { atriumCodeSandbox?: { slots: Slot[]; queue: Pending[]; nextId: number } }).atriumCodeSandbox ??= { slots: [], queue: [], nextId: 1 });

/** Runs a script on a sandbox thread; resolves with what happened (never rejects for the script's own failures). */
export function runInSandbox(task: SandboxTask, signal: AbortSignal): Promise<SandboxResult> {
  return new Promise((resolve) => {
    const pending: Pending = { id: state.nextId++, task, cancel: new Int32Array(new SharedArrayBuffer(4)), resolve };
    const onAbort = () => {
      Atomics.store(pending.cancel, 0, 1);
      const queued = state.queue.indexOf(pending);
      if (queued >= 0) {
        state.queue.splice(queued, 1);
        resolve({ kind: "thrown", failure: { message: "interrupted" }, cancelled: true, logs: [] });
      }
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const done = pending.resolve;
    pending.resolve = (result) => {
      signal.removeEventListener("abort", onAbort);
      done(result);
    };
    state.queue.push(pending);
    dispatch();
  });
}

function dispatch() {
  while (state.queue.length) {
    const slot = state.slots.find((s) => s.ready && !s.current);
    if (!slot) {
      if (state.slots.length < WORKERS) spawn();
      return;
    }
    const pending = state.queue.shift()!;
    clearTimeout(slot.idle);
    slot.current = pending;
    slot.guard = setTimeout(() => replace(slot, `The code did not stop at its ${pending.task.timeoutMs} ms limit; its sandbox was ended`), pending.task.timeoutMs + GRACE_MS);
    slot.worker.ref();
    slot.worker.postMessage({ id: pending.id, ...pending.task, cancel: pending.cancel });
  }
}

function spawn() {
  const worker = new Worker(workerPath());
  const slot: Slot = { worker, ready: false };
  worker.on("message", (message: (SandboxResult & { id: number }) | { ready: true }) => {
    if ("ready" in message) {
      slot.ready = true;
      slot.worker.unref();
      dispatch();
      return;
    }
    if (slot.current?.id !== message.id) return;
    settle(slot, message);
    dispatch();
  });
  worker.on("error", (error) => replace(slot, `The code sandbox failed: ${error.message.slice(0, 300)}`));
  worker.on("exit", () => replace(slot, "The code sandbox stopped unexpectedly"));
  state.slots.push(slot);
}

function settle(slot: Slot, result: SandboxResult) {
  const pending = slot.current!;
  clearTimeout(slot.guard);
  slot.current = undefined;
  slot.worker.unref();
  slot.idle = setTimeout(() => retire(slot), IDLE_MS);
  slot.idle.unref();
  const { id: _id, ...rest } = result as SandboxResult & { id?: number };
  pending.resolve(rest as SandboxResult);
}

/** Drops a worker that failed or hung: its script (if any) is answered as lost, the queue goes on. */
function replace(slot: Slot, message: string) {
  const index = state.slots.indexOf(slot);
  if (index < 0) return;
  state.slots.splice(index, 1);
  clearTimeout(slot.guard);
  clearTimeout(slot.idle);
  const pending = slot.current;
  slot.current = undefined;
  void slot.worker.terminate();
  pending?.resolve({ kind: "lost", message, logs: [] });
  if (!slot.ready) {
    // It never came up (QuickJS missing, the file unreadable): waiting scripts fail rather than
    // spawning worker after worker.
    for (const waiting of state.queue.splice(0)) waiting.resolve({ kind: "lost", message, logs: [] });
    return;
  }
  dispatch();
}

function retire(slot: Slot) {
  const index = state.slots.indexOf(slot);
  if (index < 0 || slot.current) return;
  state.slots.splice(index, 1);
  slot.worker.removeAllListeners("exit");
  void slot.worker.terminate();
}
