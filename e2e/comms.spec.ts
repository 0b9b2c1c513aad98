import { type Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/**
 * The Comms page as a person uses it: an Atrium agent (built-in model, no key) and an agent on the
 * agent gateway (registered over /gateway/register with a token, subscribed to channel "ops") appear
 * in the topology; a message to the Atrium agent is answered and the reply streams into the events;
 * a channel message fans out to the gateway agent, whose webhook is refused (a loopback address, as
 * the outbound rules say), so a failed delivery with its reason streams in and the delivery log shows it.
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

/** The topology as drawn: the graph's nodes on wide screens, the list on phones. */
const topologyNodes = (page: Page) => page.locator('[data-testid="comms-graph-node"]:visible, [data-testid="comms-node"]:visible');

test("see agents in the topology, message an agent and a channel, watch replies and failed deliveries stream in", async ({ page }) => {
  const token = await signUpAndIn(page);
  const agentName = `Helper ${unique()}`;
  await page.getByLabel("Name", { exact: true }).fill(agentName);
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  const agentId = new URL(page.url()).pathname.split("/").pop();

  const registered = await page.request.post("/gateway/register", {
    headers: { authorization: `Bearer ${token}` },
    data: { agent_id: "ops-bot", agent_name: "Ops bot", capabilities: ["deploy"], webhook_url: "http://127.0.0.1:9/hook", metadata: { channels: ["ops"] } },
  });
  expect(registered.status()).toBe(200);

  await page.goto("/comms");
  await expect(page.getByRole("heading", { name: "Comms", level: 1 })).toBeVisible();
  await expect(page.getByTestId("comms-live")).toHaveText("● Live");
  await expect(topologyNodes(page).filter({ hasText: agentName })).toContainText("Atrium agent");
  await expect(topologyNodes(page).filter({ hasText: "Ops bot" })).toContainText("online");
  await expect(topologyNodes(page).filter({ hasText: "#ops" })).toBeVisible();

  // A message to the Atrium agent: queued, answered in the background, the reply streams in.
  const form = page.getByRole("form", { name: "Send a message" });
  await form.getByLabel("To").fill(`agent:${agentId}`);
  await form.getByLabel("Message").fill("Hello helper");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByTestId("comms-sent")).toContainText("Queued");
  const events = page.getByRole("list", { name: "Comms events" });
  await expect(events.getByTestId("comms-event").filter({ hasText: "agent.reply" })).toBeVisible({ timeout: 20_000 });

  // A channel message: fanned out to the subscribed gateway agent, whose webhook is refused.
  await form.getByLabel("To").fill("channel:ops");
  await form.getByLabel("Message").fill("deploy at noon");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByTestId("comms-sent")).toContainText("to 1 subscriber(s)");
  await expect(events.getByTestId("comms-event").filter({ hasText: "channel.message" })).toContainText("deploy at noon");
  const failed = events.getByTestId("comms-event").filter({ hasText: "message.failed" }).first();
  await expect(failed).toContainText("channel:ops → gateway:ops-bot", { timeout: 15_000 });
  await expect(failed).toContainText("Refused to connect");

  // The delivery log lists it with its attempt.
  const delivery = page.getByRole("list", { name: "Gateway deliveries" }).getByTestId("comms-delivery").first();
  await expect(delivery).toContainText("channel:ops → ops-bot", { timeout: 10_000 });
  await delivery.locator("summary").click();
  await expect(delivery.getByRole("list", { name: "Attempts" })).toContainText("#1");

  // A bad address is refused with the reason.
  await form.getByLabel("To").fill("nowhere");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByRole("alert")).toContainText("agent:<agent uuid>");
});
