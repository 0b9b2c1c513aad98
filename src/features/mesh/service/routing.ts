/**
 * Picks the agent a task goes to, like agentmesh's router: an explicit target first, then the
 * capabilities the task asks for, then the words of the task matched against each agent's
 * capabilities, then (nothing matched) the agent that offers "general", then any agent that is not
 * offline. Pure: the caller loads the candidates (the caller's own mesh agents).
 */
export interface RoutableAgent {
  key: string;
  capabilities: string[];
  status: string;
  lastSeenAt: Date;
}

export interface RouteRequest {
  task: string;
  target?: string;
  capabilities?: string[];
}

export type RouteDecision<A> = { agent: A; reason: "target" | "capability" | "keywords" | "general" | "fallback" } | { agent: null; problem: string };

const words = (text: string) => new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));

/** How many of an agent's capabilities the task's words mention ("code-review" needs "code" and "review"). */
export function keywordScore(task: string, capabilities: string[]) {
  const said = words(task);
  let score = 0;
  for (const cap of capabilities) {
    const parts = [...words(cap)];
    if (parts.length > 0 && parts.every((p) => said.has(p) || said.has(`${p}s`) || [...said].some((w) => w.startsWith(p) && p.length >= 4))) score += parts.length;
  }
  return score;
}

export function routeTask<A extends RoutableAgent>(agents: A[], request: RouteRequest): RouteDecision<A> {
  const reachable = agents.filter((a) => a.status !== "offline");
  const newestFirst = (list: A[]) => [...list].sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());

  if (request.target && request.target !== "gateway") {
    const agent = agents.find((a) => a.key === request.target);
    return agent ? { agent, reason: "target" } : { agent: null, problem: `No agent "${request.target}" is registered` };
  }
  if (request.capabilities?.length) {
    const able = newestFirst(reachable.filter((a) => request.capabilities!.every((c) => a.capabilities.includes(c))));
    return able[0] ? { agent: able[0], reason: "capability" } : { agent: null, problem: `No online agent offers ${request.capabilities.join(" + ")}` };
  }
  const scored = newestFirst(reachable)
    .map((agent) => ({ agent, score: keywordScore(request.task, agent.capabilities) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  if (scored[0]) return { agent: scored[0].agent, reason: "keywords" };
  const general = newestFirst(reachable.filter((a) => a.capabilities.includes("general")));
  if (general[0]) return { agent: general[0], reason: "general" };
  const any = newestFirst(reachable)[0];
  return any ? { agent: any, reason: "fallback" } : { agent: null, problem: "No agent is registered and online: register one with POST /agents" };
}
