import { describe, expect, it } from "vitest";
import { keywordScore, routeTask, type RoutableAgent } from "@/features/mesh/service/routing";

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
const agent = (key: string, capabilities: string[], status = "online", seen = 0): RoutableAgent => ({ key, capabilities, status, lastSeenAt: at(seen) });

const coder = agent("coder", ["code-generation", "debugging"]);
const reviewer = agent("reviewer", ["code-review"]);
const writer = agent("writer", ["documentation", "general"]);
const sleepy = agent("sleepy", ["debugging"], "offline");

describe("routeTask", () => {
  it("sends a task to its explicit target, even one that is offline (the caller asked for it)", () => {
    expect(routeTask([coder, sleepy], { task: "x", target: "sleepy" })).toMatchObject({ agent: { key: "sleepy" }, reason: "target" });
    expect(routeTask([coder], { task: "x", target: "ghost" })).toMatchObject({ agent: null, problem: expect.stringContaining("ghost") });
  });

  it("takes an agent offering every requested capability, never an offline one", () => {
    expect(routeTask([coder, reviewer, sleepy], { task: "x", capabilities: ["debugging"] })).toMatchObject({ agent: { key: "coder" }, reason: "capability" });
    expect(routeTask([sleepy], { task: "x", capabilities: ["debugging"] }).agent).toBeNull();
    expect(routeTask([coder], { task: "x", capabilities: ["debugging", "code-review"] }).agent).toBeNull();
  });

  it("matches the task's words against capabilities: all words of a capability must appear", () => {
    expect(routeTask([coder, reviewer, writer], { task: "Please review my code" })).toMatchObject({ agent: { key: "reviewer" }, reason: "keywords" });
    expect(routeTask([coder, reviewer, writer], { task: "Help me with debugging this" })).toMatchObject({ agent: { key: "coder" } });
    expect(keywordScore("review the plan", ["code-review"])).toBe(0);
  });

  it("falls back to a `general` agent, then to the most recently seen reachable one, then to none", () => {
    expect(routeTask([coder, writer], { task: "plan a party" })).toMatchObject({ agent: { key: "writer" }, reason: "general" });
    const older = agent("older", ["x"], "online", 10);
    const newer = agent("newer", ["y"], "online", 1);
    expect(routeTask([older, newer, sleepy], { task: "plan a party" })).toMatchObject({ agent: { key: "newer" }, reason: "fallback" });
    expect(routeTask([sleepy], { task: "plan a party" })).toMatchObject({ agent: null, problem: expect.stringContaining("POST /agents") });
  });

  it("among equally good agents, prefers the one seen last", () => {
    const a = agent("a", ["translation"], "online", 5);
    const b = agent("b", ["translation"], "busy", 1);
    expect(routeTask([a, b], { task: "translation please" })).toMatchObject({ agent: { key: "b" } });
  });
});
