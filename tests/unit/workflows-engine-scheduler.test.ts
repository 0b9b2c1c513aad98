import { describe, expect, it } from "vitest";
import { ancestorsOf, compileGraph, entryNode } from "@/features/workflows/engine/graph";
import { decide, incomingOutputs, nextMoves, type NodeState, type States } from "@/features/workflows/engine/scheduler";

const node = (id: string, type = "transform") => ({ id, type, config: {} });
const edge = (source: string, target: string, source_handle = "out") => ({ id: `${source}-${target}-${source_handle}`, source, target, source_handle });
const done = (handle = "out", output: unknown = null): NodeState => ({ status: "succeeded", stepId: "s", handle, output, attempts: 1 });
const skipped: NodeState = { status: "skipped", stepId: "s", handle: null, output: null, attempts: 0 };

/** start → check (true: yes → join; false: no → join) → end, plus an orphan and a second entry. */
const graph = compileGraph({
  nodes: [node("start", "start"), node("hook", "webhook_trigger"), node("check", "condition"), node("yes"), node("no"), node("join", "merge"), node("end", "end"), node("orphan")],
  edges: [edge("start", "check"), edge("hook", "check"), edge("check", "yes", "true"), edge("check", "no", "false"), edge("yes", "join"), edge("no", "join"), edge("join", "end")],
});

describe("workflow scheduler", () => {
  it("enters by trigger: start for manual runs, the webhook trigger for webhook runs", () => {
    expect(entryNode(graph, "manual")?.id).toBe("start");
    expect(entryNode(graph, "rerun")?.id).toBe("start");
    expect(entryNode(graph, "webhook")?.id).toBe("hook");
    expect(entryNode(graph, "schedule")?.id).toBe("start");
  });

  it("starts with the entry; skips the other entry and the orphan", () => {
    expect(nextMoves(graph, new Map(), "start")).toEqual({ ready: ["start"], skip: ["hook", "orphan"] });
  });

  it("a node waits for every incoming edge to settle, runs when one is active, is skipped when none is", () => {
    const states: States = new Map([["start", done()], ["hook", skipped]]);
    expect(decide(graph, states, "start", "check")).toBe("ready");
    states.set("check", done("true"));
    expect(decide(graph, states, "start", "yes")).toBe("ready");
    expect(decide(graph, states, "start", "no")).toBe("skip");
    expect(decide(graph, states, "start", "join")).toBe("blocked");
    states.set("yes", done("out", 1));
    expect(decide(graph, states, "start", "join")).toBe("blocked");
    states.set("no", skipped);
    expect(decide(graph, states, "start", "join")).toBe("ready");
    expect(incomingOutputs(graph, states, "join")).toEqual({ yes: 1 });
  });

  it("a step left running by a crash is ready again; a waiting one is not", () => {
    const states: States = new Map([["start", { ...done(), status: "running" }]]);
    expect(nextMoves(graph, states, "start").ready).toEqual(["start"]);
    states.set("start", { ...done(), status: "waiting" });
    expect(nextMoves(graph, states, "start").ready).toEqual([]);
  });

  it("finds a node's ancestors (what a re-run from it reuses)", () => {
    expect([...ancestorsOf(graph, "join")].sort()).toEqual(["check", "hook", "no", "start", "yes"]);
    expect([...ancestorsOf(graph, "start")]).toEqual([]);
  });
});
