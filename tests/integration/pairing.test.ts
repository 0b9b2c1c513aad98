import { createECDH, createHash, createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { device, deviceList, notifyAccepted, pairedDevice, pairingCode, vapidKey } from "@/features/network/schemas";
import { call, expectOk, type ApiResponse } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { startFetchServer, type TestServer } from "../support/http";
import { uniqueIp } from "../support/ids";
import { person, type Person } from "../support/people";

// http_ece (web-push's own dependency) decrypts what a push service would hand the browser.
const ece = createRequire(import.meta.url)("http_ece") as { decrypt(body: Buffer, params: { version: string; privateKey: unknown; authSecret: Buffer }): Buffer };

const api = setupApi();
let ana: Person;
let ben: Person;
let restoreEnv: () => void;
let receiver: TestServer;
let pushService: TestServer;
const received: { path: string; headers: Headers; body: Buffer }[] = [];
/** Status a path of the receivers answers with (200 when absent). */
const answers = new Map<string, number>();

beforeAll(async () => {
  // The periodic job (pings, and failing deliveries whose job was lost) every second in this file.
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1", TRUST_PROXY: "1", NETWORK_PING_INTERVAL_SECONDS: "1" });
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
  const record = async (request: Request) => {
    const path = new URL(request.url).pathname;
    received.push({ path, headers: request.headers, body: Buffer.from(await request.arrayBuffer()) });
    return new Response(null, { status: answers.get(path) ?? (path.startsWith("/push/") ? 201 : 200) });
  };
  receiver = await startFetchServer(record);
  pushService = await startFetchServer(record);
});
afterAll(async () => {
  await receiver?.close();
  await pushService?.close();
  restoreEnv?.();
});

// Every call from its own address, so the per-address limit on completing counts only what a test means it to.
const pairing = (method: string, path: string, options: Parameters<typeof call>[3] = {}, ip = uniqueIp()) =>
  call(api.http, method, `/api/pairing${path}`, { ...options, headers: { "x-forwarded-for": ip, ...options.headers } });

async function newCode(owner: Person) {
  return expectOk(await pairing("POST", "/request", { token: owner.token }), 200, pairingCode);
}

async function pairDevice(owner: Person, extra: Record<string, unknown> = {}) {
  const { pairing_code } = await newCode(owner);
  return expectOk(await pairing("POST", "/complete", { json: { pairing_code, device_name: "Ana's phone", platform: "android", ...extra } }), 201, pairedDevice);
}

function expectInvalidCode(res: ApiResponse) {
  expect(res.status, res.text).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = res.body as { error: string; detail: string };
  expect(body.error).toBe("INVALID_PAIRING_CODE");
  return body.detail;
}

async function untilDelivered(owner: Person, deviceId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { devices } = expectOk(await pairing("GET", "/devices", { token: owner.token }), 200, deviceList);
    const last = devices.find((d) => d.id === deviceId)?.last_notification;
    if (last && last.status !== "queued") return last;
    if (Date.now() > deadline) throw new Error(`delivery still ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("pairing a device by a short code", () => {
  it("gives a 3+3 code from an alphabet without look-alikes that expires in 5 minutes", async () => {
    const before = Date.now();
    const { pairing_code, expires_at } = await newCode(ana);
    expect(pairing_code).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    expect(Date.parse(expires_at) - before).toBeGreaterThan(299_000);
    expect(Date.parse(expires_at) - Date.now()).toBeLessThanOrEqual(300_000);
    expect((await pairing("POST", "/request")).status).toBe(401);
  });

  it("pairs a device with the code: listed for its owner only, with a token shown once that the device can use", async () => {
    const { device: paired, device_token } = await pairDevice(ana, { webhook_url: `${receiver.url}/hooks/ana` });
    expect(paired).toMatchObject({ name: "Ana's phone", platform: "android", channel: "webhook", target_hint: new URL(receiver.url).host, last_notification: null });
    expect(device_token).toMatch(/^atrdev_/);
    const mine = expectOk(await pairing("GET", "/devices", { token: ana.token }), 200, deviceList);
    expect(mine.devices.map((d) => d.id)).toContain(paired.id);
    expect(JSON.stringify(mine)).not.toContain(device_token);
    expect(expectOk(await pairing("GET", "/devices", { token: ben.token }), 200, deviceList).devices).toEqual([]);
    // The device itself, by its token; a wrong token is 401.
    expect(expectOk(await pairing("GET", "/device", { token: device_token }), 200, device).id).toBe(paired.id);
    expect((await pairing("GET", "/device", { token: `atrdev_${randomBytes(32).toString("base64url")}` })).status).toBe(401);
    // Someone else's device is 404, like a missing one; the owner removes it and its token stops working.
    expect((await pairing("DELETE", `/devices/${paired.id}`, { token: ben.token })).status).toBe(404);
    expect((await pairing("DELETE", `/devices/${paired.id}`, { token: ana.token })).status).toBe(204);
    expect(expectOk(await pairing("GET", "/devices", { token: ana.token }), 200, deviceList).devices.map((d) => d.id)).not.toContain(paired.id);
    expect((await pairing("GET", "/device", { token: device_token })).status).toBe(401);
  });

  it("refuses a used, a wrong and an expired code with the same answer", async () => {
    const { pairing_code } = await newCode(ana);
    // Typed loosely on the phone: lower case, no dash.
    expectOk(await pairing("POST", "/complete", { json: { pairing_code: pairing_code.replace("-", "").toLowerCase(), device_name: "Tablet" } }), 201, pairedDevice);
    const used = expectInvalidCode(await pairing("POST", "/complete", { json: { pairing_code, device_name: "Second tablet" } }));
    const wrong = expectInvalidCode(await pairing("POST", "/complete", { json: { pairing_code: "ZZZ-ZZZ", device_name: "Guess" } }));
    const malformed = expectInvalidCode(await pairing("POST", "/complete", { json: { pairing_code: "0OI-1L0", device_name: "Guess" } }));
    const restore = withEnv({ PAIRING_CODE_TTL_SECONDS: "1" });
    const { pairing_code: shortLived } = await newCode(ana).finally(restore);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const expired = expectInvalidCode(await pairing("POST", "/complete", { json: { pairing_code: shortLived, device_name: "Late" } }));
    expect(new Set([used, wrong, malformed, expired]).size).toBe(1);
    // Nothing was paired by the refused attempts.
    const names = expectOk(await pairing("GET", "/devices", { token: ana.token }), 200, deviceList).devices.map((d) => d.name);
    expect(names).toContain("Tablet");
    expect(names).not.toContain("Second tablet");
    expect(names).not.toContain("Late");
  });

  it("keeps at most three open codes per person: a fourth retires the oldest", async () => {
    const carl = await person(api.http, api.db, "carl");
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await newCode(carl)).pairing_code);
    expectInvalidCode(await pairing("POST", "/complete", { json: { pairing_code: codes[0], device_name: "Old" } }));
    expectOk(await pairing("POST", "/complete", { json: { pairing_code: codes[1], device_name: "Second" } }), 201, pairedDevice);
  });

  it("rate limits asking for codes per person and completing per client address (429 with Retry-After)", async () => {
    const dana = await person(api.http, api.db, "dana");
    const restore = withEnv({ PAIRING_REQUESTS_PER_10_MIN: "2", PAIRING_ATTEMPTS_PER_10_MIN: "3" });
    try {
      const { pairing_code } = await newCode(dana);
      await newCode(dana);
      const third = await pairing("POST", "/request", { token: dana.token });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      const ip = uniqueIp();
      for (const guess of ["AAA-AAA", "BBB-BBB", "CCC-CCC"]) expectInvalidCode(await pairing("POST", "/complete", { json: { pairing_code: guess, device_name: "Guess" } }, ip));
      // Even the right code is refused from that address now; another address may use it.
      const limited = await pairing("POST", "/complete", { json: { pairing_code, device_name: "Right" } }, ip);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expectOk(await pairing("POST", "/complete", { json: { pairing_code, device_name: "Right" } }), 201, pairedDevice);
    } finally {
      restore();
    }
  });

  it("refuses bad input with 422: no name, both a subscription and a webhook, a webhook that is not http(s)", async () => {
    const { pairing_code } = await newCode(ana);
    for (const json of [
      { pairing_code },
      { pairing_code, device_name: "x", webhook_url: "ftp://example.com/x" },
      { pairing_code, device_name: "x", webhook_url: "https://example.com/x", push_subscription: { endpoint: "https://push.example.com/1", keys: { p256dh: "a", auth: "b" } } },
      { pairing_code, device_name: "x".repeat(101) },
    ]) {
      expect((await pairing("POST", "/complete", { json })).status).toBe(422);
    }
    expect((await pairing("POST", "/notify", { token: ana.token, json: { title: "" , body: "x" } })).status).toBe(422);
  });
});

describe("notifications to paired devices", () => {
  it("reaches the device's webhook, signed with its token, and the delivery is recorded on the device", async () => {
    const eve = await person(api.http, api.db, "eve");
    const { device: paired, device_token } = await pairDevice(eve, { webhook_url: `${receiver.url}/hooks/eve` });
    const accepted = expectOk(await pairing("POST", "/notify", { token: eve.token, json: { title: "Build done", body: "All green", url: "https://atrium.example.org/runs/1" } }), 202, notifyAccepted);
    expect(accepted).toMatchObject({ queued: 1, deliveries: [{ device_id: paired.id }] });
    const last = await untilDelivered(eve, paired.id);
    expect(last).toMatchObject({ status: "delivered", error: null, title: "Build done" });
    const hit = received.find((r) => r.path === "/hooks/eve")!;
    const text = hit.body.toString("utf8");
    expect(JSON.parse(text)).toMatchObject({ type: "notification", device_id: paired.id, title: "Build done", body: "All green", url: "https://atrium.example.org/runs/1" });
    const key = createHash("sha256").update(device_token).digest("hex");
    const expected = createHmac("sha256", key).update(`${hit.headers.get("x-atrium-timestamp")}.${text}`).digest("hex");
    expect(hit.headers.get("x-atrium-signature")).toBe(`sha256=${expected}`);
  });

  it("records a failing webhook as failed with the reason after three tries", async () => {
    const fay = await person(api.http, api.db, "fay");
    answers.set("/hooks/broken", 503);
    const { device: paired } = await pairDevice(fay, { webhook_url: `${receiver.url}/hooks/broken` });
    expectOk(await pairing("POST", "/notify", { token: fay.token, json: { title: "Hello", body: "" } }), 202, notifyAccepted);
    const last = await untilDelivered(fay, paired.id);
    expect(last.status).toBe("failed");
    expect(last.error).toContain("503");
    expect(received.filter((r) => r.path === "/hooks/broken")).toHaveLength(3);
    const row = await api.db.deviceNotification.findFirstOrThrow({ where: { deviceId: paired.id } });
    expect(row).toMatchObject({ status: "failed", httpStatus: 503, attempts: 3 });
  });

  it("delivers through Web Push: VAPID-signed with the published key, encrypted so only the subscription can read it", async () => {
    const gus = await person(api.http, api.db, "gus");
    const browserKeys = createECDH("prime256v1");
    browserKeys.generateKeys();
    const authSecret = randomBytes(16);
    const endpoint = `${pushService.url}/push/gus-${randomBytes(4).toString("hex")}`;
    const { device: paired } = await pairDevice(gus, {
      push_subscription: { endpoint, expirationTime: null, keys: { p256dh: browserKeys.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") } },
    });
    expect(paired.channel).toBe("web_push");
    expectOk(await pairing("POST", "/notify", { token: gus.token, json: { title: "Ping", body: "From Atrium" } }), 202, notifyAccepted);
    expect(await untilDelivered(gus, paired.id)).toMatchObject({ status: "delivered" });
    const hit = received.find((r) => endpoint.endsWith(r.path))!;
    expect(hit.headers.get("content-encoding")).toBe("aes128gcm");
    const { public_key } = expectOk(await pairing("GET", "/vapid-public-key"), 200, vapidKey);
    const authorization = hit.headers.get("authorization")!;
    expect(authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    expect(/k=([\w-]+)$/.exec(authorization)![1]).toBe(public_key);
    const claims = JSON.parse(Buffer.from(/t=[\w-]+\.([\w-]+)\./.exec(authorization)![1], "base64url").toString("utf8")) as { aud: string; sub: string };
    expect(claims.aud).toBe(new URL(pushService.url).origin);
    expect(claims.sub).toMatch(/^(mailto:|https:)/);
    const message = JSON.parse(ece.decrypt(hit.body, { version: "aes128gcm", privateKey: browserKeys, authSecret }).toString("utf8"));
    expect(message).toMatchObject({ type: "notification", title: "Ping", body: "From Atrium", device_id: paired.id });
    // The key pair is made once: asking again gives the same public key.
    expect(expectOk(await pairing("GET", "/vapid-public-key"), 200, vapidKey).public_key).toBe(public_key);
  });

  it("a push service's 410 (subscription gone) fails the delivery at once, without retrying", async () => {
    const hal = await person(api.http, api.db, "hal");
    const keys = createECDH("prime256v1");
    keys.generateKeys();
    const path = `/push/gone-${randomBytes(4).toString("hex")}`;
    answers.set(path, 410);
    const { device: paired } = await pairDevice(hal, { push_subscription: { endpoint: `${pushService.url}${path}`, keys: { p256dh: keys.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") } } });
    expectOk(await pairing("POST", "/notify", { token: hal.token, json: { title: "Gone?", body: "" } }), 202, notifyAccepted);
    const last = await untilDelivered(hal, paired.id);
    expect(last.status).toBe("failed");
    expect(last.error).toContain("410");
    expect(received.filter((r) => r.path === path)).toHaveLength(1);
  });

  it("only the caller's devices get the caller's notifications; a device without a channel is recorded as skipped", async () => {
    const ivy = await person(api.http, api.db, "ivy");
    const { device: quiet } = await pairDevice(ivy);
    const accepted = expectOk(await pairing("POST", "/notify", { token: ivy.token, json: { title: "Quiet", body: "" } }), 202, notifyAccepted);
    expect(accepted).toMatchObject({ queued: 0, deliveries: [{ device_id: quiet.id }] });
    expect(await untilDelivered(ivy, quiet.id)).toMatchObject({ status: "skipped" });
    const nobody = await person(api.http, api.db, "nobody");
    expect(expectOk(await pairing("POST", "/notify", { token: nobody.token, json: { title: "Nobody", body: "" } }), 202, notifyAccepted)).toEqual({ queued: 0, deliveries: [] });
  });

  it("a delivery whose job was lost does not read as sending for ever: after 15 minutes it is failed, saying why", async () => {
    const jay = await person(api.http, api.db, "jay");
    const { device: paired } = await pairDevice(jay, { webhook_url: `${receiver.url}/hooks/jay` });
    // What a process that died between storing the row and enqueuing its job leaves behind.
    await api.db.deviceNotification.create({ data: { deviceId: paired.id, userId: jay.id, title: "Lost", body: "", createdAt: new Date(Date.now() - 16 * 60_000) } });
    const last = await untilDelivered(jay, paired.id);
    expect(last).toMatchObject({ status: "failed", title: "Lost" });
    expect(last.error).toMatch(/job was lost/);
    expect(received.some((r) => r.path === "/hooks/jay")).toBe(false);
  });
});
