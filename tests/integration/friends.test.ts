import { describe, expect, it } from "vitest";
import { friend, friendList, friendRequest, friendRequestList } from "@/features/social/schemas";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();
const post = (who: Person, path: string, json?: unknown) => call(api.http, "POST", path, { token: who.token, json });
const get = (who: Person, path: string) => call(api.http, "GET", path, { token: who.token });
const del = (who: Person, path: string) => call(api.http, "DELETE", path, { token: who.token });

describe("friend requests", () => {
  it("walks request → inbox → accept → both see each other, with notifications", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");

    const created = expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id, content: "Hi Ben, it's Ana" }), 201, friendRequest);
    expect(created).toMatchObject({ from_user_id: ana.id, to_user_id: ben.id, content: "Hi Ben, it's Ana", status: "pending" });

    const inbox = expectOk(await get(ben, "/friends/requests/inbox"), 200, friendRequestList);
    expect(inbox.map((r) => r.id)).toEqual([created.id]);
    expect(inbox[0].from_user?.username).toBe(ana.username);
    const outgoing = expectOk(await get(ana, "/friends/requests/outgoing"), 200, friendRequestList);
    expect(outgoing.map((r) => r.id)).toEqual([created.id]);

    const benNotes = (await get(ben, "/notifications")).body as { type: string }[];
    expect(benNotes.map((n) => n.type)).toContain("friend_request");

    const accepted = expectOk(await post(ben, `/friends/requests/${created.id}/accept`), 200, friendRequest);
    expect(accepted.status).toBe("accepted");

    const anaFriends = expectOk(await get(ana, "/friends"), 200, friendList);
    const benFriends = expectOk(await get(ben, "/friends"), 200, friendList);
    expect(anaFriends.map((f) => f.friend_id)).toEqual([ben.id]);
    expect(benFriends.map((f) => f.friend_id)).toEqual([ana.id]);
    expect(friend.parse(anaFriends[0]).username).toBe(ben.username);

    const anaNotes = (await get(ana, "/notifications")).body as { type: string }[];
    expect(anaNotes.map((n) => n.type)).toContain("friend_accepted");
    expect((await get(ben, "/friends/requests/inbox")).body).toEqual([]);
  });

  it("refuses befriending yourself (400), unknown users (404) and duplicates (409)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    expectProblem(await post(ana, "/friends/requests", { target_user_id: ana.id }), 400);
    expectProblem(await post(ana, "/friends/requests", { target_user_id: "00000000-0000-4000-8000-000000000000" }), 404);
    expectProblem(await post(ana, "/friends/requests", { target_user_id: "not-a-uuid" }), 422);

    expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id }), 201, friendRequest);
    expectProblem(await post(ana, "/friends/requests", { target_user_id: ben.id }), 409);
    // The other direction is a duplicate too: Ben should accept instead.
    expectProblem(await post(ben, "/friends/requests", { target_user_id: ana.id }), 409);
  });

  it("answers 409 once friends, and 409 for a request already handled", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const req = expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id }), 201, friendRequest);
    expectOk(await post(ben, `/friends/requests/${req.id}/accept`), 200, friendRequest);
    expectProblem(await post(ben, `/friends/requests/${req.id}/accept`), 409);
    expectProblem(await post(ben, `/friends/requests/${req.id}/decline`), 409);
    expectProblem(await post(ana, "/friends/requests", { target_user_id: ben.id }), 409);
  });

  it("lets the recipient decline, and only the recipient", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const req = expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id }), 201, friendRequest);
    // The sender cannot accept or decline their own request: it is not in their inbox.
    expectProblem(await post(ana, `/friends/requests/${req.id}/accept`), 404);
    expectProblem(await post(ana, `/friends/requests/${req.id}/decline`), 404);
    const declined = expectOk(await post(ben, `/friends/requests/${req.id}/decline`), 200, friendRequest);
    expect(declined.status).toBe("declined");
    expect((await get(ana, "/friends")).body).toEqual([]);
    // Declined is not pending: Ana may ask again.
    expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id }), 201, friendRequest);
  });

  it("lets the sender cancel a pending request (204), nobody else (404)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const req = expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id }), 201, friendRequest);
    expectProblem(await del(ben, `/friends/requests/${req.id}`), 404);
    expectNoContent(await del(ana, `/friends/requests/${req.id}`));
    expectProblem(await del(ana, `/friends/requests/${req.id}`), 404);
    expect((await get(ben, "/friends/requests/inbox")).body).toEqual([]);
    expectProblem(await post(ben, `/friends/requests/${req.id}/accept`), 409);
  });

  it("removes a friendship for both sides; an unknown one is 404", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const req = expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id }), 201, friendRequest);
    expectOk(await post(ben, `/friends/requests/${req.id}/accept`), 200, friendRequest);
    const [anaSide] = expectOk(await get(ana, "/friends"), 200, friendList);
    expectNoContent(await del(ana, `/friends/${anaSide.id}`));
    expect((await get(ana, "/friends")).body).toEqual([]);
    expect((await get(ben, "/friends")).body).toEqual([]);
    expectProblem(await del(ana, `/friends/${anaSide.id}`), 404);
    // By the friend's user id works as well.
    const again = expectOk(await post(ana, "/friends/requests", { target_user_id: ben.id }), 201, friendRequest);
    expectOk(await post(ben, `/friends/requests/${again.id}/accept`), 200, friendRequest);
    expectNoContent(await del(ben, `/friends/${ana.id}`));
    expect((await get(ana, "/friends")).body).toEqual([]);
  });

  it("requires authentication on every friends endpoint", async () => {
    for (const [method, path] of [
      ["GET", "/friends"],
      ["GET", "/friends/requests/inbox"],
      ["GET", "/friends/requests/outgoing"],
      ["POST", "/friends/requests"],
    ] as const) {
      expectProblem(await call(api.http, method, path, { json: method === "POST" ? {} : undefined }), 401);
    }
  });
});
