"use client";

import { useEffect, useReducer } from "react";
import { FINISHED_RUN } from "../status";

/** A step as the run view shows it: from the run's stored steps, then from `step` events. */
export interface LiveStep {
  step_id?: string;
  node_id: string;
  node_type: string;
  status: string;
  attempts: number;
  error?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
  duration_ms?: number | null;
  input?: unknown;
  output?: unknown;
  handle?: string | null;
  approval_id?: string | null;
  logs: { level: string; message: string; at?: string }[];
}

export interface LiveRun {
  id: string;
  status: string;
  error?: string | null;
  output?: unknown;
  steps: Record<string, LiveStep>;
}

type Action =
  | { kind: "reset"; run: LiveRun }
  | { kind: "run"; data: { id: string; status: string; error?: string | null; output?: unknown } }
  | { kind: "step"; data: Omit<LiveStep, "logs"> }
  | { kind: "log"; data: { node_id: string; level: string; message: string } };

function reduce(state: LiveRun | null, action: Action): LiveRun | null {
  if (action.kind === "reset") return action.run;
  if (!state) return state;
  switch (action.kind) {
    case "run":
      return { ...state, status: action.data.status, error: action.data.error ?? state.error, output: action.data.output ?? state.output };
    case "step": {
      const before = state.steps[action.data.node_id];
      return { ...state, steps: { ...state.steps, [action.data.node_id]: { ...before, ...action.data, logs: before?.logs ?? [] } } };
    }
    case "log": {
      const before = state.steps[action.data.node_id] ?? { node_id: action.data.node_id, node_type: "", status: "running", attempts: 0, logs: [] };
      return { ...state, steps: { ...state.steps, [action.data.node_id]: { ...before, logs: [...before.logs, action.data].slice(-200) } } };
    }
  }
}

/**
 * A run's live state: starts from `initial` (what `runs.get` returned) and follows the run's SSE
 * stream (`/api/v1/executions/{id}/events`, cookie auth) until the run is finished. EventSource
 * reconnects by itself and sends Last-Event-ID, so nothing is missed or applied twice out of order.
 */
export function useRunEvents(initial: LiveRun | null) {
  const [run, dispatch] = useReducer(reduce, initial);
  const id = initial?.id;
  const initialKey = initial ? `${initial.id}:${initial.status}` : "";

  useEffect(() => {
    if (initial) dispatch({ kind: "reset", run: initial });
    // Reset only when another run (or a refetched one) arrives, not on every render's new object.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialKey]);

  const finished = run ? FINISHED_RUN.has(run.status) : true;
  useEffect(() => {
    if (!id || finished) return;
    const source = new EventSource(`/api/v1/executions/${id}/events`);
    const parse = (event: MessageEvent<string>) => {
      try {
        return JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        return null;
      }
    };
    source.addEventListener("run", (event) => {
      const data = parse(event as MessageEvent<string>);
      if (!data) return;
      dispatch({ kind: "run", data: data as { id: string; status: string } });
      if (FINISHED_RUN.has(String(data.status))) source.close();
    });
    source.addEventListener("step", (event) => {
      const data = parse(event as MessageEvent<string>);
      if (data) dispatch({ kind: "step", data: data as unknown as Omit<LiveStep, "logs"> });
    });
    source.addEventListener("log", (event) => {
      const data = parse(event as MessageEvent<string>);
      if (data) dispatch({ kind: "log", data: data as { node_id: string; level: string; message: string } });
    });
    source.addEventListener("error", () => {
      // CLOSED: the server refused (gone, no access); the browser retries on its own otherwise.
      if (source.readyState === EventSource.CLOSED) source.close();
    });
    return () => source.close();
  }, [id, finished]);

  return run;
}
