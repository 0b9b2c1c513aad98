import { expect, showPane, signInAsDemo, test } from "./fixtures";

/**
 * The agents slice as a person uses it, on the built-in offline model (deterministic, no key):
 * design an agent with the calculator tool, chat with it (a tool call, then a streamed echo),
 * edit a message into a second branch and switch between branches, edit the prompt (v2) and roll back to v1.
 */

test("design an agent, chat with streaming and a tool, roll back a version", async ({ page }) => {
  const name = `Release-notes writer ${Date.now().toString(36)}`;
  const prompt = "You write release notes from a list of merged pull requests.";

  await signInAsDemo(page, "/agents");
  await expect(page.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New agent" }).first().click();
  await expect(page.getByRole("heading", { name: "New agent" })).toBeVisible();

  // The form validates before saving.
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByText("Give the agent a name")).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("System prompt").fill(prompt);
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("builtin");
  await page.getByRole("checkbox", { name: /calculator/ }).check();
  await page.getByRole("button", { name: "Create agent" }).click();

  // The designer, at version 1.
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("agent-version")).toHaveText("v1");
  await expect(page.getByLabel("System prompt")).toHaveValue(prompt);

  // Chat: the built-in model calls the calculator, and the card shows arguments and result.
  await showPane(page, "Playground");
  const message = page.getByRole("textbox", { name: "Message", exact: true });
  await message.fill('call tool calculator with {"expression":"6*7"}');
  await page.getByRole("button", { name: "Send" }).click();
  const card = page.getByTestId("tool-call").first();
  await expect(card).toContainText("calculator");
  await card.locator("summary").click();
  await expect(card.getByTestId("tool-result")).toContainText("42");
  const answers = page.getByTestId("assistant-message");
  await expect(answers.first()).toContainText("Tool calculator returned");
  await expect(answers.first().getByTestId("token-usage")).toContainText("tokens");

  // A plain message streams back as an echo, then the Send button returns.
  await message.fill("Summarise the changes in version 2.4");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(answers.nth(1)).toContainText("You said: Summarise the changes in version 2.4");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();

  // The conversation is kept: a reload shows it again.
  await page.reload();
  await expect(page.getByTestId("agent-version")).toHaveText("v1");
  await showPane(page, "Playground");
  await expect(page.getByTestId("assistant-message").nth(1)).toContainText("You said: Summarise the changes");
  await expect(page.getByTestId("message-cost").first()).toHaveText(/\$\d/);

  // Branch: edit the first message; its new reply streams into a second branch.
  const replies = page.getByTestId("assistant-message");
  await page.getByRole("button", { name: "Edit message" }).first().click();
  await page.getByRole("textbox", { name: "Edited message" }).fill("What is new in version 3?");
  await page.getByRole("list", { name: "Messages" }).getByRole("button", { name: "Save", exact: true }).click();
  await expect(replies.first()).toContainText("You said: What is new in version 3?");
  await expect(replies).toHaveCount(1);
  const branches = page.getByRole("navigation", { name: "Branches" });
  await expect(branches.getByTestId("branch-position")).toHaveText("Branch 2 of 2");

  // Back to the first branch: the original replies; then forward to the edited one again.
  await branches.getByRole("button", { name: "Previous branch" }).click();
  await expect(branches.getByTestId("branch-position")).toHaveText("Branch 1 of 2");
  await expect(replies.first()).toContainText("Tool calculator returned");
  await expect(replies.nth(1)).toContainText("You said: Summarise the changes");
  await branches.getByRole("button", { name: "Next branch" }).click();
  await expect(branches.getByTestId("branch-position")).toHaveText("Branch 2 of 2");
  await expect(replies.first()).toContainText("You said: What is new in version 3?");
  await expect(replies).toHaveCount(1);

  // Edit the prompt: version 2.
  await showPane(page, "Design");
  await page.getByLabel("System prompt").fill(`${prompt}\nGroup them by feature, fix and chore.`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("v2 saved").first()).toBeVisible();
  await expect(page.getByTestId("agent-version")).toHaveText("v2");

  // Roll back to v1: the diff shows the added line, and the original prompt comes back (as v3).
  const versions = page.getByRole("list", { name: "Versions" });
  await versions.getByRole("button", { name: /^v1\b/ }).click();
  await expect(page.getByTestId("version-diff")).toContainText("Group them by feature, fix and chore.");
  await page.getByRole("button", { name: "Roll back to this version" }).click();
  await expect(page.getByTestId("agent-version")).toHaveText("v3");
  await expect(page.getByLabel("System prompt")).toHaveValue(prompt);

  // The list shows it.
  await page.getByRole("link", { name: "Agents", exact: true }).first().click();
  await page.getByLabel("Search agents by name").fill(name);
  await expect(page.getByRole("link", { name }).first()).toBeVisible();
});
