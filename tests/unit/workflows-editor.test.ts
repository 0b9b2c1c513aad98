import { describe, expect, it } from "vitest";
import { diffDefinitions } from "@/features/workflows/components/editor/diff";
import { sampleInput } from "@/features/workflows/components/editor/dialogs";
import { defaultConfig, graphKey, makeEdge, makeNode, newNodeId, starterDefinition, toDefinition, toFlow } from "@/features/workflows/components/editor/graph";
import { autoLayout } from "@/features/workflows/components/editor/layout";
import { NODE_TYPES, nodeConfigs, type WorkflowDefinition } from "@/features/workflows/definition";
import { validateDefinition } from "@/features/workflows/engine/validate";

/** The editor's pure parts: the canvas ↔ definition mapping, ids, defaults, layout, the versions diff, the run dialog's sample. */

const chain: WorkflowDefinition = {
  nodes: [
    { id: "start", type: "start", name: "Start", position: { x: 0, y: 0 }, config: { input_schema: [{ name: "text", type: "string", required: true, description: "" }] }, retries: 0 },
    { id: "llm", type: "llm", name: "Ask", position: { x: 10, y: 0 }, config: { model_config_id: null, system: "", prompt: "Say {{ input.text }}", json: false }, retries: 2, timeout_ms: 5000 },
    { id: "gate", type: "condition", name: "Long?", position: { x: 20, y: 0 }, config: { expression: "$length(nodes.llm.output.text) > 10" }, retries: 0 },
    { id: "end", type: "end", name: "End", position: { x: 30, y: 0 }, config: { output: {} }, retries: 0 },
  ],
  edges: [
    { id: "e1", source: "start", target: "llm", source_handle: "out" },
    { id: "e2", source: "llm", target: "gate", source_handle: "out" },
    { id: "e3", source: "gate", target: "end", source_handle: "true" },
  ],
};

describe("workflow editor graph", () => {
  it("maps a definition to the canvas and back unchanged, handles included", () => {
    const flow = toFlow(chain);
    expect(flow.edges.find((e) => e.id === "e3")).toMatchObject({ sourceHandle: "true", label: "true" });
    expect(toDefinition(flow)).toEqual(chain);
  });

  it("gives readable ids that stay unique", () => {
    expect(newNodeId("llm", ["start"])).toBe("llm");
    expect(newNodeId("llm", ["llm", "llm_2"])).toBe("llm_3");
    const node = makeNode("transform", { x: 1, y: 2 }, ["transform"]);
    expect(node.id).toBe("transform_2");
    expect(makeEdge("a", null, "b")).toMatchObject({ id: "a:out->b", sourceHandle: "out" });
  });

  it("new nodes get configs of their type's shape, with required text left for the person", () => {
    for (const type of NODE_TYPES) {
      const parsed = nodeConfigs[type].safeParse(defaultConfig(type));
      const missing = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
      // What is left empty is what the person must fill in (marked red in the editor), nothing else.
      for (const path of missing) expect(["prompt", "agent_id", "message", "tool", "url", "expression", "items", "title", "workflow_id"]).toContain(path.split(".")[0]);
    }
    const starter = starterDefinition();
    expect(validateDefinition(starter)).toEqual(expect.any(Array));
  });

  it("the graph's key (unsaved changes, undo) ignores selection and measured sizes", () => {
    const flow = toFlow(chain);
    const decorated = { ...flow, nodes: flow.nodes.map((n) => ({ ...n, selected: true, measured: { width: 200, height: 80 } })) };
    expect(graphKey(decorated)).toBe(graphKey(flow));
  });

  it("lays out left to right, each node right of what feeds it", () => {
    const laid = autoLayout(toFlow(chain));
    const x = Object.fromEntries(laid.nodes.map((n) => [n.id, n.position.x]));
    expect(x.start).toBeLessThan(x.llm);
    expect(x.llm).toBeLessThan(x.gate);
    expect(x.gate).toBeLessThan(x.end);
  });

  it("diffs versions by node id; moving a node is no change", () => {
    const next: WorkflowDefinition = {
      nodes: [
        ...chain.nodes.filter((n) => n.id !== "gate").map((n) => (n.id === "llm" ? { ...n, config: { ...n.config, prompt: "Other" } } : { ...n, position: { x: 99, y: 99 } })),
        { id: "shout", type: "transform", name: "", position: { x: 0, y: 0 }, config: { expression: "1" }, retries: 0 },
      ],
      edges: [chain.edges[0]],
    };
    expect(diffDefinitions(chain, next)).toEqual({ added: ["shout"], removed: ["gate"], changed: ["llm"], edgesAdded: 0, edgesRemoved: 2 });
  });

  it("pre-fills the run dialog from the start node's fields", () => {
    expect(sampleInput(chain)).toEqual({ text: "" });
    expect(sampleInput({ nodes: [], edges: [] })).toEqual({});
  });
});
