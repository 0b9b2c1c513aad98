import { describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { agentRun } from "@/features/chat/run-schemas";
import { modelConfig } from "@/features/models/schemas";
import { call, expectOk } from "../support/api";
import { setupApi, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";
import { STUB_MODEL } from "../support/stub-provider";

/**
 * On the embedded database a chat run starts its model call before its rows are written (the
 * session, the user's message and the run are stored once the first token is out), and the agent
 * and model a message goes to are cached for a few seconds. Neither may show: the run reads like any
 * other from its first moment, the history is complete and ordered, and an edit is seen at once.
 */
const api = setupApi();
const stub = setupStubProvider();

const auth = (who: Person) => ({ authorization: `Bearer ${who.token}` });

async function stubAgent(who: Person, systemPrompt: string) {
  const config = expectOk(
    await call(api.http, "POST", "/model-configs", { token: who.token, json: { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL } }),
    201,
    modelConfig,
  );
  return expectOk(await call(api.http, "POST", "/agents", { token: who.token, json: { name: "Writer", system_prompt: systemPrompt, model_config: { model_config_id: config.id } } }), 201, agent);
}

const lastSystemPrompt = () => {
  const messages = (stub.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)?.body?.messages ?? []) as { role: string; content: string }[];
  return messages.find((m) => m.role === "system")?.content;
};

describe("chat runs written behind the model call", () => {
  it("a run asked about in its first moment is already there, unfinished, with its session", async () => {
    const ana = await person(api.http, api.db, "ana");
    const writer = await stubAgent(ana, "You write.");
    const stream = await openSse(`${api.http.url}/api/v1/agent-chat/${writer.id}/stream`, auth(ana), { message: "[stub:slow] tell me a story" });
    const runId = stream.response.headers.get("x-run-id")!;
    const sessionId = stream.response.headers.get("x-session-id")!;
    // Asked before the first token: the answer waits for the row rather than saying 404.
    const run = expectOk(await call(api.http, "GET", `/agent-runs/${runId}`, { token: ana.token }), 200, agentRun);
    expect(run).toMatchObject({ id: runId, session_id: sessionId });
    // Written behind (embedded) it is stored as running; through pg-boss (Postgres) a worker may not
    // have taken it yet, and queued is the truth then.
    expect(["queued", "running"]).toContain(run.status);
    stream.close();
  });

  it("stores the conversation complete and in order, each reply the child of its question", async () => {
    const ana = await person(api.http, api.db, "ana2");
    const writer = await stubAgent(ana, "You write.");
    const first = await openSse(`${api.http.url}/api/v1/agent-chat/${writer.id}/stream`, auth(ana), { message: "first question" });
    const firstDone = (await first.rest()).at(-1)!;
    expect(firstDone.event).toBe("done");
    const sessionId = JSON.parse(firstDone.data).session_id as string;
    const second = await openSse(`${api.http.url}/api/v1/agent-chat/${writer.id}/stream`, auth(ana), { message: "second question", session_id: sessionId });
    expect((await second.rest()).at(-1)!.event).toBe("done");

    const rows = await api.db.chatMessage.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((m) => [m.role, m.role === "user" ? m.content : "reply"])).toEqual([
      ["user", "first question"],
      ["assistant", "reply"],
      ["user", "second question"],
      ["assistant", "reply"],
    ]);
    rows.slice(1).forEach((row, i) => expect(row.parentId).toBe(rows[i].id));
    const session = await api.db.chatSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.headMessageId).toBe(rows[3].id);
    // The second question went to the model with the first exchange before it.
    const sent = stub.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)!.body!.messages as { role: string; content: string }[];
    expect(sent.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["first question", "second question"]);
  });

  it("an agent edited between two messages answers the second with its new prompt", async () => {
    const ana = await person(api.http, api.db, "ana3");
    const writer = await stubAgent(ana, "You write sonnets.");
    const chat = async () => expect((await call(api.http, "POST", `/agent-chat/${writer.id}`, { token: ana.token, json: { message: "hello" } })).status).toBe(200);
    await chat();
    expect(lastSystemPrompt()).toBe("You write sonnets.");
    const edited = await call(api.http, "PUT", `/agents/${writer.id}`, { token: ana.token, json: { name: "Writer", system_prompt: "You write haiku." } });
    expect(edited.status).toBe(200);
    await chat();
    expect(lastSystemPrompt()).toBe("You write haiku.");
  });

  it("a deleted agent is gone for the next message at once", async () => {
    const ana = await person(api.http, api.db, "ana4");
    const writer = await stubAgent(ana, "You write.");
    expect((await call(api.http, "POST", `/agent-chat/${writer.id}`, { token: ana.token, json: { message: "hello" } })).status).toBe(200);
    expect((await call(api.http, "DELETE", `/agents/${writer.id}`, { token: ana.token })).status).toBe(204);
    expect((await call(api.http, "POST", `/agent-chat/${writer.id}`, { token: ana.token, json: { message: "hello again" } })).status).toBe(404);
  });
});
