import { type Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

/**
 * The Agent mesh as a person uses it: make an Atrium agent (built-in model, no key), register it in
 * the mesh with a capability, create a shared space, submit a task routed by capability into that
 * space, watch it complete live and read its result and the space's messages. Then `/agents`: the
 * browser gets the Agents page, an API client (Accept: application/json) the mesh's JSON.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signUpAndIn(page: Page) {
  const email = `mesh-${unique()}@example.com`;
  const password = "e2e-password-123";
  const registered = await page.request.post("/api/v1/auth/register", { data: { email, password, nickname: "Mesher" } });
  expect(registered.status()).toBe(201);
  await signIn(page, email, password, "/agents/new");
}

test("register an agent, submit a task into a shared space, see it complete live; /agents stays a page for browsers", async ({ page }) => {
  await signUpAndIn(page);
  const agentName = `Summariser ${unique()}`;
  await page.getByLabel("Name", { exact: true }).fill(agentName);
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);

  await page.goto("/mesh");
  await expect(page.getByRole("heading", { name: "Agent mesh", level: 1 })).toBeVisible();
  await expect(page.getByText("No agents registered")).toBeVisible();
  await expect(page.getByText("No tasks yet")).toBeVisible();
  await expect(page.getByTestId("mesh-live")).toHaveText("● Live");

  // Register the Atrium agent under a capability.
  await page.getByRole("button", { name: "Register agent" }).first().click();
  const register = page.getByRole("dialog", { name: "Register an agent" });
  await register.getByLabel("Kind").selectOption("atrium");
  await register.getByLabel("Atrium agent").selectOption({ label: agentName });
  await register.getByLabel("Capabilities").fill("summarising, notes");
  await register.getByRole("button", { name: "Register" }).click();
  await expect(register).toBeHidden();
  const agentRow = page.getByTestId("mesh-agent").filter({ hasText: agentName });
  await expect(agentRow).toContainText("online");
  await expect(agentRow.getByRole("list", { name: `Capabilities of ${agentName}` })).toContainText("summarising");

  // A shared space, then a task routed by capability into it.
  await page.getByLabel("New space name").fill("Project A");
  await page.getByRole("button", { name: "Create space" }).click();
  await expect(page.getByRole("list", { name: "Shared spaces" })).toContainText("Project A");

  await page.getByRole("button", { name: "New task" }).first().click();
  const newTask = page.getByRole("dialog", { name: "New task" });
  await newTask.getByLabel("Task", { exact: true }).fill("Summarising the meeting notes, please");
  await newTask.getByLabel("Shared space").selectOption({ label: "Project A" });
  await newTask.getByRole("button", { name: "Submit task" }).click();
  await expect(newTask).toBeHidden();
  const taskRow = page.getByTestId("mesh-task").filter({ hasText: "Summarising the meeting notes" });
  await expect(taskRow).toContainText("completed", { timeout: 20_000 });
  await taskRow.locator("summary").click();
  await expect(taskRow.getByTestId("mesh-task-result")).toContainText("Summarising the meeting notes");

  // The space kept the task and its answer.
  await page.getByRole("list", { name: "Shared spaces" }).getByRole("button", { name: /Project A/ }).click();
  const messages = page.getByRole("list", { name: "Space messages" });
  await expect(messages.getByRole("listitem")).toHaveCount(2);
  await expect(messages).toContainText("Task");

  // /agents: the page for the browser, the mesh's JSON for an API client.
  const api = await page.request.get("/agents", { headers: { accept: "application/json" } });
  expect(api.status()).toBe(200);
  expect(((await api.json()) as { name: string; capabilities: string[] }[]).find((a) => a.name === agentName)?.capabilities).toEqual(["summarising", "notes"]);
  await page.goto("/agents");
  await expect(page.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
});
