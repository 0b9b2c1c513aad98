import { fork, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageAccepted, networkStatus, peer, peerList, peerMessageList, type PeerDto } from "@/features/network/schemas";
import { canonicalJson, signedHeaders } from "@/features/network/signing";
import { compileServer } from "../../scripts/start.mjs";
import { call, expectOk } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { ensurePostgresTemplate, withServer } from "../support/template-db";

/**
 * TWO ATRIUMS PEERING. Instance A is this test's (its database, its HTTP server); instance B is a
 * real Atrium process with a database of its own (network-peer.server.ts, compiled and forked as
 * `npm start` runs Atrium). Their administrators add each other with one shared secret; the link
 * becomes connected and authenticated both ways (A's ping now, B's periodic ping job), a message
 * crosses and is counted on both sides, forged, altered, stale and replayed requests are refused,
 * and A sees B disconnected once B stops.
 */

const api = setupApi();
let admin: Person;
let member: Person;
let b: { child: ChildProcess; url: string; key: string };
let cleanup = async () => {};
let restoreEnv: () => void;
const secret = randomBytes(32).toString("base64url");

async function startInstanceB() {
  const compiled = await compileServer("tests/integration/network-peer.server.ts");
  const env: Record<string, string | undefined> = {
    ...process.env,
    ATRIUM_SECRET: `peer-b-secret-${randomBytes(8).toString("hex")}`,
    OUTBOUND_ALLOW_PRIVATE: "1",
    NETWORK_PING_INTERVAL_SECONDS: "1",
    LOG_LEVEL: "warn",
  };
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    // A database of B's own on the same server, cloned from the migrated template.
    const name = `atrium_peer_${randomBytes(6).toString("hex")}`;
    const template = await ensurePostgresTemplate(serverUrl);
    await withServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = async () => void (await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "atrium-peer-"));
    env.PEER_PGLITE_DIR = path.join(dir, "pglite");
    delete env.DATABASE_URL;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = fork(compiled, [], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const ready = await new Promise<{ url: string; key: string; role: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("instance B did not start within 120 s")), 120_000);
    child.once("message", (message: { url: string; key: string; role: string }) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once("exit", (code) => reject(new Error(`instance B exited (${code})`)));
  });
  expect(ready.role).toBe("admin");
  return { child, url: ready.url, key: ready.key };
}

beforeAll(async () => {
  // A pings its peers every second in this test, B too (its environment), so states move quickly.
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1", NETWORK_PING_INTERVAL_SECONDS: "1" });
  admin = await person(api.http, api.db, "admin");
  member = await person(api.http, api.db, "member");
  b = await startInstanceB();
}, 180_000);

afterAll(async () => {
  if (b?.child.exitCode === null) b.child.kill("SIGKILL");
  await cleanup();
  restoreEnv?.();
});

const onA = (method: string, p: string, options: Parameters<typeof call>[3] = {}) => call(api.http, method, p, { token: admin.token, ...options });
const onB = (method: string, p: string, options: Parameters<typeof call>[3] = {}) => call({ url: b.url }, method, p, { token: b.key, ...options });

async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let bOnA: PeerDto;
let aOnB: PeerDto;

describe("two Atrium instances peering", () => {
  it("only administrators add peers; everyone signed in may list them", async () => {
    expect((await call(api.http, "POST", "/api/peers", { token: member.token, json: { address: b.url, secret } })).status).toBe(403);
    expect((await call(api.http, "GET", "/api/peers")).status).toBe(401);
    expect((await onA("POST", "/api/peers", { json: { address: b.url, secret: "too short" } })).status).toBe(422);
    expect((await onA("POST", "/api/peers", { json: { address: "ftp://example.com", secret } })).status).toBe(422);
    expect(expectOk(await call(api.http, "GET", "/api/peers", { token: member.token }), 200, peerList).peers).toEqual([]);
  });

  it("each side adds the other with the shared secret; the link becomes connected and authenticated both ways", async () => {
    bOnA = expectOk(await onA("POST", "/api/peers", { json: { name: "Instance B", address: `${b.url}/`, secret } }), 201, peer);
    expect(bOnA).toMatchObject({ name: "Instance B", address: b.url, state: "pending", authenticated: false, node_id: null, messages_in: 0, messages_out: 0 });
    expect(JSON.stringify(bOnA)).not.toContain(secret);
    // The secret is stored encrypted.
    const row = await api.db.networkPeer.findUniqueOrThrow({ where: { id: bOnA.id } });
    expect(row.secretEnc).not.toContain(secret);
    // The same secret on a second peer is refused: it names the link.
    expect((await onA("POST", "/api/peers", { json: { address: "http://127.0.0.1:9", secret } })).status).toBe(409);

    aOnB = expectOk(await onB("POST", "/api/peers", { json: { name: "Instance A", address: api.http.url, secret } }), 201, peer);
    const statusA = expectOk(await onA("GET", "/api/network/status"), 200, networkStatus);
    const statusB = expectOk(await onB("GET", "/api/network/status"), 200, networkStatus);
    expect(statusA.node_id).not.toBe(statusB.node_id);

    const pinged = expectOk(await onA("POST", `/api/peers/${bOnA.id}/ping`), 200, peer);
    expect(pinged).toMatchObject({ state: "connected", authenticated: true, node_id: statusB.node_id, last_error: null });
    expect(Date.parse(pinged.last_seen!)).toBeGreaterThan(Date.now() - 10_000);
    // B learns A's node id from A's signed requests and from its own periodic ping.
    const seenByB = await until(async () => expectOk(await onB("GET", `/api/peers/${aOnB.id}`), 200, peer), (p) => p.state === "connected", "B to see A connected");
    expect(seenByB).toMatchObject({ authenticated: true, node_id: statusA.node_id });
    // The node id is stable.
    expect(expectOk(await onA("GET", "/api/network/status"), 200, networkStatus)).toMatchObject({ node_id: statusA.node_id, peers: 1, connected_peers: 1 });
  });

  it("a message crosses the link as a job and is counted on both sides", async () => {
    const accepted = expectOk(await onA("POST", `/api/peers/${bOnA.id}/messages`, { json: { text: "Hello from A" } }), 202, messageAccepted);
    const sent = await until(async () => expectOk(await onA("GET", `/api/peers/${bOnA.id}/messages`), 200, peerMessageList), (l) => l.messages.some((m) => m.id === accepted.message_id && m.status !== "queued"), "delivery");
    expect(sent.messages.find((m) => m.id === accepted.message_id)).toMatchObject({ direction: "out", status: "delivered", text: "Hello from A" });
    expect(expectOk(await onA("GET", `/api/peers/${bOnA.id}`), 200, peer)).toMatchObject({ messages_out: 1, messages_in: 0 });
    expect(expectOk(await onB("GET", `/api/peers/${aOnB.id}`), 200, peer)).toMatchObject({ messages_in: 1, messages_out: 0 });
    expect(expectOk(await onB("GET", `/api/peers/${aOnB.id}/messages`), 200, peerMessageList).messages).toMatchObject([{ direction: "in", status: "received", text: "Hello from A" }]);
    const statusB = expectOk(await onB("GET", "/api/network/status"), 200, networkStatus);
    expect(statusB).toMatchObject({ messages_in: 1, messages_out: 0, rate: { in_per_minute: 1, out_per_minute: 0 } });
    expect(expectOk(await onA("GET", "/api/network/status"), 200, networkStatus)).toMatchObject({ messages_out: 1, rate: { out_per_minute: 1 } });
  });

  it("refuses forged, altered, stale and replayed requests (401), and counts none of them", async () => {
    const statusA = expectOk(await onA("GET", "/api/network/status"), 200, networkStatus);
    const path = "/api/network/peer/messages";
    const send = (headers: Record<string, string>, body: string) => fetch(b.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const message = () => ({ message_id: randomUUID(), text: "sneaky", sent_at: new Date().toISOString() });
    const sign = (s: string, body: string, extra: { timestamp?: string; nonce?: string } = {}) => signedHeaders(s, { method: "POST", path, node: statusA.node_id, body, ...extra });

    // A correctly signed request goes through, once; sent again unchanged it is a replay.
    const good = canonicalJson(message());
    const goodHeaders = sign(secret, good);
    expect((await send(goodHeaders, good)).status).toBe(202);
    const replay = await send(goodHeaders, good);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { detail: string }).detail).toMatch(/already used/);

    // Signed with another secret: an unknown key. The right key id with another secret's signature: refused.
    const other = randomBytes(32).toString("base64url");
    const body1 = canonicalJson(message());
    expect((await send(sign(other, body1), body1)).status).toBe(401);
    expect((await send({ ...sign(other, body1), "x-atrium-key": sign(secret, body1)["x-atrium-key"] }, body1)).status).toBe(401);
    // The body changed after signing.
    const body2 = canonicalJson(message());
    expect((await send(sign(secret, body2), body2.replace("sneaky", "changed"))).status).toBe(401);
    // Ten minutes old.
    const body3 = canonicalJson(message());
    const stale = await send(sign(secret, body3, { timestamp: String(Math.floor(Date.now() / 1000) - 600) }), body3);
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { detail: string }).detail).toMatch(/window/);
    // No signature at all.
    expect((await send({}, canonicalJson(message()))).status).toBe(401);

    // Only the one good request was counted.
    expect(expectOk(await onB("GET", `/api/peers/${aOnB.id}`), 200, peer).messages_in).toBe(2);
  });

  it("a peer removed on one side is refused there; the other side sees it as unauthenticated", async () => {
    // Remove A on B: B refuses A's signed requests from now on.
    expect((await call({ url: b.url }, "DELETE", `/api/peers/${aOnB.id}`, { token: b.key })).status).toBe(204);
    const after = expectOk(await onA("POST", `/api/peers/${bOnA.id}/ping`), 200, peer);
    expect(after).toMatchObject({ state: "disconnected", authenticated: false });
    expect(after.last_error).toMatch(/401/);
    // Added again, the link comes back.
    aOnB = expectOk(await onB("POST", "/api/peers", { json: { name: "Instance A", address: api.http.url, secret } }), 201, peer);
    expect(expectOk(await onA("POST", `/api/peers/${bOnA.id}/ping`), 200, peer)).toMatchObject({ state: "connected", authenticated: true });
  });

  it("the peer goes disconnected when the other instance stops", async () => {
    const exited = new Promise((resolve) => b.child.once("exit", resolve));
    b.child.kill("SIGKILL");
    await exited;
    // A's periodic ping notices within a few seconds.
    const gone = await until(async () => expectOk(await onA("GET", `/api/peers/${bOnA.id}`), 200, peer), (p) => p.state === "disconnected", "A to see B disconnected");
    expect(gone.last_error).toBeTruthy();
    expect(expectOk(await onA("GET", "/api/network/status"), 200, networkStatus)).toMatchObject({ peers: 1, connected_peers: 0 });
    // Removing it is for administrators, and then it is gone.
    expect((await call(api.http, "DELETE", `/api/peers/${bOnA.id}`, { token: member.token })).status).toBe(403);
    expect((await onA("DELETE", `/api/peers/${bOnA.id}`)).status).toBe(204);
    expect((await onA("GET", `/api/peers/${bOnA.id}`)).status).toBe(404);
  });
});
