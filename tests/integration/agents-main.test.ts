import { describe, expect, it } from "vitest";
import { agent, agentPage } from "@/features/agents/schemas";
import { chatReply } from "@/features/chat/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();
const create = async (who: Person, name: string) =>
  expectOk(await call(api.http, "POST", "/agents", { token: who.token, json: { name, system_prompt: "Be brief." } }), 201, agent);

describe("main agent", () => {
  it("makes one agent the main one and moves the mark when another is chosen", async () => {
    const ana = await person(api.http, api.db, "ana");
    const first = await create(ana, "Helper");
    const second = await create(ana, "Planner");
    expect(first.is_main).toBe(false);

    const made = expectOk(await call(api.http, "POST", `/agents/${first.id}/create-main-agent`, { token: ana.token }), 200, agent);
    expect(made.is_main).toBe(true);
    expectOk(await call(api.http, "POST", `/agents/${second.id}/create-main-agent`, { token: ana.token }), 200, agent);
    const all = expectOk(await call(api.http, "GET", "/agents", { token: ana.token }), 200, agentPage).items;
    expect(all.filter((a) => a.is_main).map((a) => a.id)).toEqual([second.id]);
  });

  it("answers 404 for someone else's agent", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const anas = await create(ana, "Private");
    expectProblem(await call(api.http, "POST", `/agents/${anas.id}/create-main-agent`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "GET", `/agents/${anas.id}/preview-chat-history`, { token: ben.token }), 404);
  });
});

describe("preview chat history", () => {
  it("is empty before any chat, then shows the latest conversation with the agent, a page at a time", async () => {
    const ana = await person(api.http, api.db, "ana");
    const writer = await create(ana, "Writer");
    const url = `/agents/${writer.id}/preview-chat-history`;
    expect((await call(api.http, "GET", url, { token: ana.token })).body).toEqual({ session_id: null, messages: [], has_more: false });

    const first = expectOk(await call(api.http, "POST", `/agent-chat/${writer.id}`, { token: ana.token, json: { message: "first note" } }), 200, chatReply);
    expectOk(await call(api.http, "POST", `/agent-chat/${writer.id}`, { token: ana.token, json: { message: "second note", session_id: first.session_id } }), 200, chatReply);

    const whole = (await call(api.http, "GET", url, { token: ana.token })).body as { session_id: string; messages: { role: string; content: string }[]; has_more: boolean };
    expect(whole.session_id).toBe(first.session_id);
    expect(whole.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(whole.messages[0].content).toBe("first note");

    const page = (await call(api.http, "GET", `${url}?limit=2`, { token: ana.token })).body as { messages: { content: string }[]; has_more: boolean };
    expect(page.has_more).toBe(true);
    expect(page.messages[0].content).toBe("second note");
    expectProblem(await call(api.http, "GET", `${url}?limit=0`, { token: ana.token }), 422);
  });
});
