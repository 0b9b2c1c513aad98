/** Which agent takes a dispatched task: pure, so the rule is tested on its own (tests/unit/comms-dispatch.test.ts). */

export interface Candidate {
  kind: "gateway" | "agent";
  id: string;
  name: string;
  /** Lower-cased words it is matched on: a gateway agent's capabilities; an Atrium agent's tool names and description. */
  skills: Set<string>;
  recency: number;
  isMain: boolean;
}

/** Words too common to say what an agent is for. */
const STOP_WORDS = new Set(["this", "that", "with", "from", "your", "have", "about", "into", "will", "what", "when", "please", "them", "they", "then", "than", "their", "there", "which", "would", "should", "could", "some", "more", "only", "also", "each", "agent", "answers", "questions"]);
export const words = (text: string) => text.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length >= 4 && !STOP_WORDS.has(w));

/**
 * The dispatch rule (documented in the route):
 * 1. With `capability`: an online gateway agent listing it, else an Atrium agent of the caller with a
 *    tool of that name or the word in its name or description; none: 404.
 * 2. Without: the candidate whose skills share the most words with the task (gateway agents' capabilities,
 *    Atrium agents' tools and description); ties go to gateway agents, then the most recently active.
 * 3. No word matches: the caller's main agent, else 404.
 */
export function chooseAgent(candidates: Candidate[], task: string, capability?: string): { candidate: Candidate; reason: string } | null {
  const byRecency = (a: Candidate, b: Candidate) => (a.kind === b.kind ? b.recency - a.recency : a.kind === "gateway" ? -1 : 1);
  if (capability) {
    const wanted = capability.toLowerCase();
    const matching = candidates.filter((c) => c.skills.has(wanted) || (c.kind === "agent" && words(c.name).includes(wanted))).sort(byRecency);
    return matching[0] ? { candidate: matching[0], reason: `${matching[0].kind === "gateway" ? "lists the capability" : "has a tool or description matching"} "${capability}"` } : null;
  }
  const taskWords = new Set(words(task));
  const scored = candidates.map((c) => ({ c, score: [...c.skills].filter((s) => taskWords.has(s) || words(s).some((w) => taskWords.has(w))).length })).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || byRecency(a.c, b.c));
  if (scored[0]) return { candidate: scored[0].c, reason: `matches ${scored[0].score} word(s) of the task` };
  const main = candidates.find((c) => c.isMain);
  return main ? { candidate: main, reason: "no agent matched the task's words: your main agent takes it" } : null;
}
