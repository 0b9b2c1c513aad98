import { openSse } from "../support/sse";
import { describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { branchCreated, branchList, branchPage } from "@/features/chat/branch-schemas";
import { chatReply, sseEvents } from "@/features/chat/schemas";
import { modelConfig } from "@/features/models/schemas";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { setupApi, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { STUB_MODEL } from "../support/stub-provider";
import { callerFor } from "../support/trpc";

const api = setupApi();
const stub = setupStubProvider();

/** POSTs and reads the whole SSE answer with the suite's one SSE reader. */
async function postSse(who: Person, path: string, json: unknown) {
  const stream = await openSse(`${api.http.url}/api/v1${path}`, { authorization: `Bearer ${who.token}` }, json);
  return { response: stream.response, events: await stream.rest() };
}

/** Bare chat (agentId null) or chat with an agent. */
const say = async (who: Person, agentId: string | null, message: string, sessionId?: string) =>
  expectOk(await call(api.http, "POST", `/agent-chat/${agentId ?? "bare"}`, { token: who.token, json: { message, ...(sessionId ? { session_id: sessionId } : {}) } }), 200, chatReply);

/** first → second → third with a tool-less agent on the built-in model (which then answers a plain "You said: ..."). */
async function threeTurns(who: Person) {
  const plain = expectOk(await call(api.http, "POST", "/agents", { token: who.token, json: { name: "Plain" } }), 201, agent);
  const first = await say(who, plain.id, "first");
  await say(who, plain.id, "second", first.session_id);
  const third = await say(who, plain.id, "third", first.session_id);
  const messages = await api.db.chatMessage.findMany({ where: { sessionId: first.session_id }, orderBy: { createdAt: "asc" } });
  return { agentId: plain.id, sessionId: first.session_id, leaf: third.message_id, messages };
}

const contents = (page: { messages: { content: string }[] }) => page.messages.map((m) => m.content);
const getBranch = async (who: Person, id: string, query = "") => expectOk(await call(api.http, "GET", `/agent-chat/branches/${id}${query}`, { token: who.token }), 200, branchPage);
const listBranches = async (who: Person, sessionId: string) => expectOk(await call(api.http, "GET", `/agent-chat/branches?session_id=${sessionId}`, { token: who.token }), 200, branchList);

describe("conversation branches", () => {
  it("editing an earlier message makes a second branch; each branch shows its own history", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { sessionId, leaf, messages } = await threeTurns(ana);
    const u2 = messages[2];
    expect(u2.content).toBe("second");

    const created = expectOk(
      await call(api.http, "POST", "/agent-chat/branches", { token: ana.token, json: { session_id: sessionId, from_message_id: u2.id, message: "second, edited" } }),
      201,
      branchCreated,
    );
    expect(created.reply?.content).toBe("You said: second, edited");
    const edited = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId, content: "second, edited" } });
    expect(edited.parentId).toBe(u2.parentId);
    expect(created.branch).toMatchObject({ id: created.reply?.message_id, name: "Branch 2", label: "second, edited", length: 4, is_leaf: true, is_current: true, fork_message_id: edited.id });

    const list = await listBranches(ana, sessionId);
    expect(list.items.map((b) => [b.id, b.name, b.label, b.length, b.is_current])).toEqual([
      [leaf, "Branch 1", "second", 6, false],
      [created.reply?.message_id, "Branch 2", "second, edited", 4, true],
    ]);
    expect(list.items[0].last_message).toMatchObject({ id: leaf, role: "assistant", preview: "You said: third" });

    expect(contents(await getBranch(ana, leaf))).toEqual(["first", "You said: first", "second", "You said: second", "third", "You said: third"]);
    expect(contents(await getBranch(ana, created.branch.id))).toEqual(["first", "You said: first", "second, edited", "You said: second, edited"]);
  });

  it("pages a long branch from its tip backwards", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { leaf } = await threeTurns(ana);
    const last = await getBranch(ana, leaf, "?limit=4");
    expect(last.has_more).toBe(true);
    expect(contents(last)).toEqual(["second", "You said: second", "third", "You said: third"]);
    const older = await getBranch(ana, leaf, `?limit=4&before=${last.messages[0].id}`);
    expect(older.has_more).toBe(false);
    expect(contents(older)).toEqual(["first", "You said: first"]);
  });

  it("resumes the chosen branch: the model sees that branch's history, not the other one's", async () => {
    const ana = await person(api.http, api.db, "ana");
    expectOk(
      await call(api.http, "POST", "/model-configs", { token: ana.token, json: { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL, is_default: true } }),
      201,
      modelConfig,
    );
    const first = await say(ana, null, "I like tea");
    const second = await say(ana, null, "Pick a drink", first.session_id);
    const u1 = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId: first.session_id, content: "I like tea" } });
    const other = expectOk(await call(api.http, "POST", "/agent-chat/branches", { token: ana.token, json: { session_id: first.session_id, from_message_id: u1.id, message: "I like coffee" } }), 201, branchCreated);

    const resumed = expectOk(await call(api.http, "POST", `/agent-chat/branches/${second.message_id}/resume`, { token: ana.token, json: { message: "And a snack?" } }), 200, chatReply);
    expect(resumed.session_id).toBe(first.session_id);
    expect(stub.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)?.body?.messages).toEqual([
      { role: "user", content: "I like tea" },
      { role: "assistant", content: "Hello from the stub model. You said: I like tea" },
      { role: "user", content: "Pick a drink" },
      { role: "assistant", content: "Hello from the stub model. You said: Pick a drink" },
      { role: "user", content: "And a snack?" },
    ]);
    const continued = await getBranch(ana, resumed.message_id);
    expect(contents(continued)).not.toContain("I like coffee");
    expect(contents(continued).at(-2)).toBe("And a snack?");

    const coffee = expectOk(await call(api.http, "POST", `/agent-chat/branches/${other.branch.id}/resume`, { token: ana.token, json: { message: "Why?" } }), 200, chatReply);
    expect(contents(await getBranch(ana, coffee.message_id))).toEqual([
      "I like coffee",
      "Hello from the stub model. You said: I like coffee",
      "Why?",
      "Hello from the stub model. You said: Why?",
    ]);
  });

  it("resumes as a stream with Accept: text/event-stream (token events, then done naming the new tip)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { leaf, sessionId } = await threeTurns(ana);
    const { response, events } = await postSse(ana, `/agent-chat/branches/${leaf}/resume`, { message: "fourth please" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(events.filter((e) => e.event === "token").map((e) => sseEvents.token.parse(JSON.parse(e.data)).content).join("")).toBe("You said: fourth please");
    expect(events.at(-1)?.event).toBe("done");
    const done = sseEvents.done.parse(JSON.parse(events.at(-1)!.data));
    expect(done.session_id).toBe(sessionId);
    expect(contents(await getBranch(ana, done.message_id)).slice(-3)).toEqual(["You said: third", "fourth please", "You said: fourth please"]);
  });

  it("forks without a message: the session then continues from that message", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { agentId, sessionId, messages } = await threeTurns(ana);
    const a1 = messages[1];
    const fork = expectOk(await call(api.http, "POST", "/agent-chat/branches", { token: ana.token, json: { session_id: sessionId, from_message_id: a1.id } }), 201, branchCreated);
    expect(fork).toMatchObject({ reply: null, branch: { id: a1.id, length: 2, is_leaf: false, is_current: true } });
    const next = await say(ana, agentId, "another second", sessionId);
    expect(contents(await getBranch(ana, next.message_id))).toEqual(["first", "You said: first", "another second", "You said: another second"]);
    expect((await listBranches(ana, sessionId)).items).toHaveLength(2);
  });

  it("deleting a branch removes only its own messages and keeps the shared prefix", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { sessionId, leaf, messages } = await threeTurns(ana);
    const created = expectOk(
      await call(api.http, "POST", "/agent-chat/branches", { token: ana.token, json: { session_id: sessionId, from_message_id: messages[2].id, message: "second, edited" } }),
      201,
      branchCreated,
    );
    expectProblem(await call(api.http, "DELETE", `/agent-chat/branches/${messages[1].id}`, { token: ana.token }), 409);

    expectNoContent(await call(api.http, "DELETE", `/agent-chat/branches/${created.branch.id}`, { token: ana.token }));
    const left = await api.db.chatMessage.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" } });
    expect(left.map((m) => m.id)).toEqual(messages.map((m) => m.id));
    const list = await listBranches(ana, sessionId);
    expect(list.items.map((b) => [b.id, b.is_current])).toEqual([[leaf, true]]);
    expect((await api.db.chatSession.findUniqueOrThrow({ where: { id: sessionId } })).headMessageId).toBe(leaf);

    expectProblem(await call(api.http, "DELETE", `/agent-chat/branches/${leaf}`, { token: ana.token }), 409);
    expectProblem(await call(api.http, "GET", `/agent-chat/branches/${created.branch.id}`, { token: ana.token }), 404);
  });

  it("answers 404 for someone else's session or branch and 422 for malformed ids", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const { sessionId, leaf, messages } = await threeTurns(ana);
    expectProblem(await call(api.http, "GET", `/agent-chat/branches?session_id=${sessionId}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "GET", `/agent-chat/branches/${leaf}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "DELETE", `/agent-chat/branches/${leaf}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "POST", `/agent-chat/branches/${leaf}/resume`, { token: ben.token, json: { message: "hi" } }), 404);
    expectProblem(await call(api.http, "POST", "/agent-chat/branches", { token: ben.token, json: { session_id: sessionId, from_message_id: messages[0].id, message: "x" } }), 404);
    expectProblem(await call(api.http, "GET", "/agent-chat/branches/not-a-uuid", { token: ana.token }), 422);
    expectProblem(await call(api.http, "GET", "/agent-chat/branches", { token: ana.token }), 422);
    expect(await api.db.chatMessage.count({ where: { sessionId } })).toBe(6);
  });

  it("serves the branch switcher over tRPC: list, one page of a branch, delete", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { sessionId, leaf, messages } = await threeTurns(ana);
    const created = expectOk(
      await call(api.http, "POST", "/agent-chat/branches", { token: ana.token, json: { session_id: sessionId, from_message_id: messages[4].id, message: "third, edited" } }),
      201,
      branchCreated,
    );
    const trpc = callerFor(api.db, ana.id).chat;
    expect((await trpc.branches({ session_id: sessionId })).items.map((b) => b.id)).toEqual([leaf, created.branch.id]);
    const page = await trpc.branch({ branch_id: created.branch.id, limit: 2 });
    expect(page).toMatchObject({ has_more: true, branch: { id: created.branch.id, label: "third, edited" } });
    expect(page.messages.map((m) => m.content)).toEqual(["third, edited", "You said: third, edited"]);
    await trpc.deleteBranch({ branch_id: leaf });
    expect((await trpc.branches({ session_id: sessionId })).items.map((b) => b.id)).toEqual([created.branch.id]);
    await expect(trpc.branches({ session_id: (await person(api.http, api.db, "ben")).id })).rejects.toThrow(/not found/);
  });
});
