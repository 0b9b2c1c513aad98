import { type Page } from "@playwright/test";
import { startOutsideAgent, type OutsideAgent } from "../tests/integration/a2a-client-outside-agent";
import { expect, signIn, test } from "./fixtures";

/**
 * A2A agents as a person uses them: paste the URL of an outside A2A agent (one the spec runs with
 * @a2a-js/sdk on 127.0.0.2, the address the e2e server may reach), see a wrong URL explained, discover the agent with its skills and its
 * tool name, send it a test message and read its answer, then remove it.
 */

// Discovering a URL where nothing listens answers 502 on purpose (the browser logs the failed request).
test.use({ allowConsoleErrors: [/status of 502/] });

const AGENT_PORT = 3422;
/** Nothing listens here: what "unreachable" looks like. */
const NOWHERE = "http://127.0.0.2:3423";
let agent: OutsideAgent;

test.beforeAll(async () => {
  agent = await startOutsideAgent({ port: AGENT_PORT, slowMs: 1000, host: "127.0.0.2" });
});
test.afterAll(async () => {
  await agent?.close();
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signUpAndIn(page: Page) {
  const email = `a2a-${unique()}@example.com`;
  const password = "e2e-password-123";
  const registered = await page.request.post("/api/v1/auth/register", { data: { email, password, nickname: "Caller" } });
  expect(registered.status()).toBe(201);
  await signIn(page, email, password, "/settings/a2a");
}

test("discover an outside A2A agent by URL, send it a test message and read the answer, remove it", async ({ page }, testInfo) => {
  await signUpAndIn(page);
  await expect(page.getByRole("heading", { name: "A2A agents", level: 1 })).toBeVisible();
  await expect(page.getByText("No A2A agents yet")).toBeVisible();

  const form = page.getByRole("form", { name: "Discover an A2A agent" });
  await form.getByLabel("Agent URL").fill(NOWHERE);
  await form.getByRole("button", { name: "Discover" }).click();
  await expect(form.getByRole("alert")).toContainText("Could not reach");

  await form.getByLabel("Agent URL").fill(agent.url);
  await form.getByRole("button", { name: "Discover" }).click();
  const row = page.getByTestId("a2a-agent").filter({ hasText: "Echo Agent" });
  await expect(row).toBeVisible();
  await expect(form.getByRole("alert")).toBeHidden();
  await expect(row).toContainText("a2a_echo_agent");
  await expect(row.getByRole("list", { name: "Skills of Echo Agent" })).toContainText("Echo");

  await row.getByRole("button", { name: "Send a test message to Echo Agent" }).click();
  await row.getByRole("textbox", { name: "Test message to Echo Agent" }).fill("slow hello from the browser");
  await row.getByRole("button", { name: "Send", exact: true }).click();
  await expect(row.getByTestId("a2a-task-state")).toHaveText(/submitted|working/);
  await expect(row.getByTestId("a2a-task-state")).toHaveText("completed", { timeout: 20_000 });
  await expect(row.getByTestId("a2a-task-answer")).toHaveText("Echo: slow hello from the browser");
  await page.screenshot({ path: testInfo.outputPath("a2a-agents.png"), fullPage: true });

  await row.getByRole("button", { name: "Remove Echo Agent" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove agent" }).click();
  await expect(page.getByText("No A2A agents yet")).toBeVisible();
});
