import { describe, expect, it } from "vitest";
import { chooseAgent, type Candidate } from "@/features/comms/service/choose";

const gateway = (id: string, skills: string[], recency = 1): Candidate => ({ kind: "gateway", id, name: id, skills: new Set(skills), recency, isMain: false });
const atrium = (id: string, skills: string[], extra: Partial<Candidate> = {}): Candidate => ({ kind: "agent", id, name: id, skills: new Set(skills), recency: 1, isMain: false, ...extra });

describe("comms task dispatch rule", () => {
  it("with a capability, prefers a gateway agent listing it over an Atrium agent with that tool", () => {
    const chosen = chooseAgent([atrium("writer", ["translate"]), gateway("translator", ["translate"])], "anything", "Translate");
    expect(chosen?.candidate.id).toBe("translator");
  });

  it("with a capability nobody offers, chooses nobody (even with a main agent)", () => {
    expect(chooseAgent([atrium("main", ["notes"], { isMain: true })], "x", "teleport")).toBeNull();
  });

  it("without one, picks the most words shared with the task, ties to gateway agents then the most recent", () => {
    const candidates = [gateway("old", ["review", "code"], 1), gateway("new", ["review", "code"], 2), atrium("docs", ["summarise", "documents"])];
    expect(chooseAgent(candidates, "Please review this code")?.candidate.id).toBe("new");
    expect(chooseAgent(candidates, "summarise the documents")?.candidate.id).toBe("docs");
  });

  it("ignores common words, falling back to the main agent, else nobody", () => {
    const main = atrium("main", ["general"], { isMain: true });
    expect(chooseAgent([gateway("g", ["search"]), main], "what about this")?.candidate.id).toBe("main");
    expect(chooseAgent([gateway("g", ["search"])], "what about this")).toBeNull();
  });
});
