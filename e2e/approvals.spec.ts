import { type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { expect, mainNav, showPane, signIn, test } from "./fixtures";

/**
 * Approvals as a person uses them: turn on two-step approval (QR code, confirm with a code the test
 * computes from the shown key, recovery codes), give an agent's calculator "Needs approval", chat:
 * the tool call waits with a card; on the Approvals page (another tab) the person reads the payload
 * and approves with a fresh TOTP code; the chat goes on with the tool's result.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const totpOf = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });

async function signUpAndIn(page: Page) {
  const email = `approvals-${unique()}@example.com`;
  const password = "e2e-password-123";
  const registered = await page.request.post("/api/v1/auth/register", { data: { email, password, nickname: "Approver" } });
  expect(registered.status()).toBe(201);
  await signIn(page, email, password, "/settings/security");
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
}

test("enrol TOTP, an agent's tool call waits for approval, approve it with a code, the chat goes on", async ({ page }) => {
  await signUpAndIn(page);

  // Two-step approval: QR code and key, confirmed with a code from the key.
  await page.getByRole("button", { name: "Set up two-step approval" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from your app").fill(totpOf(secret).generate());
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I saved them" }).click();
  await expect(page.getByTestId("two-step-on")).toContainText("10 recovery codes left");

  // An agent whose calculator calls need approval.
  await (await mainNav(page)).getByRole("link", { name: "Agents", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New agent" }).first().click();
  const name = `Release-notes writer ${unique()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("checkbox", { name: /calculator/ }).check();
  await page.getByRole("checkbox", { name: /Needs approval/ }).check();
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);

  // Chat: the call waits, with a card that leads to Approvals.
  await showPane(page, "Playground");
  await page.getByRole("textbox", { name: "Message", exact: true }).fill('call tool calculator with {"expression":"6*7"}');
  await page.getByRole("button", { name: "Send" }).click();
  const card = page.getByTestId("approval-card");
  await expect(card).toContainText("Waiting for approval");
  await expect(card).toContainText(`${name} wants to call calculator`);

  // Approvals, in another tab (the chat keeps listening): the payload, then Approve with a fresh code.
  const approvals = await page.context().newPage();
  await approvals.goto("/approvals");
  await expect(approvals.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
  const row = approvals.getByTestId("approval-row").first();
  await expect(row).toContainText(`${name} wants to call calculator`);
  await expect(row).toContainText("Pending");
  await row.click();
  const dialog = approvals.getByRole("dialog");
  await expect(dialog.getByTestId("approval-payload")).toContainText('"expression": "6*7"');
  // Without a code the approval is refused in the form.
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(dialog.getByText("Enter the 6-digit code")).toBeVisible();
  // The confirming code's 30-second step is spent (replay is refused), so use the next step's.
  await dialog.getByLabel("Authenticator code").fill(totpOf(secret).generate({ timestamp: Date.now() + 30_000 }));
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(dialog).toBeHidden();
  await approvals.getByRole("tab", { name: /Approved/ }).click();
  await expect(approvals.getByTestId("approval-row").first()).toContainText("Approved");
  await approvals.close();

  // The chat went on: the tool ran and the agent answered with its result.
  await expect(card).toContainText("Approved");
  await expect(page.getByTestId("tool-call").first()).toContainText("calculator");
  await expect(page.getByTestId("assistant-message").first()).toContainText("Tool calculator returned");
  await expect(page.getByTestId("assistant-message").first()).toContainText("42");
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
});
