import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/**
 * The Comms page as a person uses it: an Atrium agent (built-in model, no key) and an agent on the
 * agent gateway (registered over /gateway/register with a token, subscribed to channel "ops", its
 * webhook a receiver this spec runs) appear in the topology; a message to the Atrium agent is answered
 * and the reply streams into the events; a channel message fans out to the gateway agent and to a
 * second one whose webhook is down: one delivery and one failure (with its reason) stream in, and the
 * delivery log shows both. (The e2e server may reach 127.0.0.2: OUTBOUND_ALLOW_PRIVATE in its config.)
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signUpAndIn(page: Page) {
  const email = `comms-${unique()}@example.com`;
  const password = "e2e-password-123";
  expect((await page.request.post("/api/v1/auth/register", { data: { email, password, nickname: "Commser" } })).status()).toBe(201);
  const login = await page.request.post("/api/v1/auth/login", { form: { username: email, password } });
  expect(login.status()).toBe(200);
  await signIn(page, email, password, "/agents/new");
  return ((await login.json()) as { access_token: string }).access_token;
}

/** A seed 002 agent's webhook on 127.0.0.2: keeps what it receives. */
async function startReceiver() {
  const received: { from_agent_id: string; content: { text: string }[] }[] = [];
  const server: Server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    received.push(JSON.parse(raw));
    res.setHeader("content-type", "application/json");
    res.end('{"status":"received"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.2", resolve));
  return { url: `http://127.0.0.2:${(server.address() as AddressInfo).port}/webhook/a2a-messages`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

let closeReceiver: (() => Promise<unknown>) | undefined;
test.afterAll(async () => {
  await closeReceiver?.();
});

/** The topology as drawn: the graph's nodes on wide screens, the list on phones. */
const topologyNodes = (page: Page) => page.locator('[data-testid="comms-graph-node"]:visible, [data-testid="comms-node"]:visible');

test("see agents in the topology, message an agent and a channel, watch replies and failed deliveries stream in", async ({ page }) => {
  const token = await signUpAndIn(page);
  const agentName = `Helper ${unique()}`;
  await page.getByLabel("Name", { exact: true }).fill(agentName);
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  const agentId = new URL(page.url()).pathname.split("/").pop();

  const receiver = await startReceiver();
  closeReceiver = receiver.close;
  for (const [agentId, name, url] of [
    ["ops-bot", "Ops bot", receiver.url],
    ["ops-down", "Ops down", "http://127.0.0.2:9/webhook"],
  ]) {
    const registered = await page.request.post("/gateway/register", {
      headers: { authorization: `Bearer ${token}` },
      data: { agent_id: agentId, agent_name: name, capabilities: ["deploy"], webhook_url: url, metadata: { channels: ["ops"] } },
    });
    expect(registered.status()).toBe(200);
  }

  await page.goto("/comms");
  await expect(page.getByRole("heading", { name: "Comms", level: 1 })).toBeVisible();
  await expect(page.getByTestId("comms-live")).toHaveText("● Live");
  await expect(topologyNodes(page).filter({ hasText: agentName })).toContainText("Atrium agent");
  await expect(topologyNodes(page).filter({ hasText: "Ops bot" })).toContainText("online");
  await expect(topologyNodes(page).filter({ hasText: /^#ops/ })).toBeVisible();

  // A message to the Atrium agent: queued, answered in the background, the reply streams in.
  const form = page.getByRole("form", { name: "Send a message" });
  await form.getByLabel("To").fill(`agent:${agentId}`);
  await form.getByLabel("Message").fill("Hello helper");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByTestId("comms-sent")).toContainText("Queued");
  const events = page.getByRole("list", { name: "Comms events" });
  await expect(events.getByTestId("comms-event").filter({ hasText: "agent.reply" })).toBeVisible({ timeout: 20_000 });

  // A channel message: fanned out to both subscribers; one webhook takes it, the other is down.
  await form.getByLabel("To").fill("channel:ops");
  await form.getByLabel("Message").fill("deploy at noon");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByTestId("comms-sent")).toContainText("to 2 subscriber(s)");
  await expect(events.getByTestId("comms-event").filter({ hasText: "channel.message" })).toContainText("deploy at noon");
  await expect(events.getByTestId("comms-event").filter({ hasText: "message.delivered" }).first()).toContainText("channel:ops → gateway:ops-bot", { timeout: 15_000 });
  const failed = events.getByTestId("comms-event").filter({ hasText: "message.failed" }).first();
  await expect(failed).toContainText("channel:ops → gateway:ops-down", { timeout: 15_000 });
  await expect(failed).toContainText("could not be reached");
  expect(receiver.received.map((m) => [m.from_agent_id, m.content[0].text])).toEqual([["channel:ops", "deploy at noon"]]);

  // The delivery log lists both, each with its attempts.
  const deliveries = page.getByRole("list", { name: "Gateway deliveries" }).getByTestId("comms-delivery");
  await expect(deliveries.filter({ hasText: "ops-bot" })).toContainText("delivered", { timeout: 10_000 });
  const down = deliveries.filter({ hasText: "ops-down" }).first();
  await expect(down).toContainText(/retrying|failed/);
  await down.locator("summary").click();
  await expect(down.getByRole("list", { name: "Attempts" })).toContainText("#1");

  await page.screenshot({ path: test.info().outputPath("comms.png"), fullPage: true });

  // A bad address is refused with the reason.
  await form.getByLabel("To").fill("nowhere");
  await form.getByLabel("Message").fill("hello?");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByRole("alert")).toContainText("agent:<agent uuid>");
});
