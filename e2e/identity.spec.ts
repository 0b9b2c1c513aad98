import { type Page } from "@playwright/test";
import { expect, mainNav, test } from "./fixtures";

/**
 * The identity slice as a person uses it: sign up with an e-mail code (read from the dev outbox),
 * edit the profile, create an API key and call the REST API with it, sign out.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function readCodeFromOutbox(page: Page, email: string) {
  const outbox = await page.context().newPage();
  await outbox.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const codeBox = outbox.getByTestId("outbox-code").first();
  await expect(codeBox).toHaveText(/^\s*\d{6}\s*$/);
  const code = (await codeBox.textContent())!.trim();
  await outbox.close();
  return code;
}

// The wrong password below is answered 401 by next-auth's credentials callback, which Chromium logs.
test.use({ allowConsoleErrors: [/status of 401 \(Unauthorized\) \(http:\/\/[^/]+\/api\/auth\/callback\/credentials\)$/] });

test("sign up, edit the profile, call the API with a key, sign out", async ({ page, request }) => {
  const id = unique();
  const username = `e2e_${id}`;
  const email = `e2e-${id}@example.com`;
  const password = "e2e-password-123";

  // Sign up: details, then the 6-digit code from the dev outbox.
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  const code = await readCodeFromOutbox(page, email);
  await page.getByLabel("Verification code").fill(code);
  await page.getByRole("button", { name: "Verify and continue" }).click();

  // Signed in on the dashboard.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${username}` })).toBeVisible();
  await expect(page.getByTestId("invite-code")).toHaveText(/^[A-Z0-9]{8}$/);

  // Profile: change the bio, and it is still there after a reload (on phones, through the drawer).
  await (await mainNav(page)).getByRole("link", { name: "Profile" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  const bio = `Testing Atrium end to end (${id}).`;
  await page.getByLabel("Bio").fill(bio);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Bio")).toHaveValue(bio);

  // API keys: create one, read it once, and use it against the REST API.
  await (await mainNav(page)).getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByText("No keys yet")).toBeVisible();
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("e2e key");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const keyBox = page.getByTestId("new-api-key");
  await expect(keyBox).toHaveText(/^atr_\S+$/);
  const key = (await keyBox.textContent())!.trim();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  // A table row from sm up, a card on phones.
  await expect(page.getByText("e2e key", { exact: true }).filter({ visible: true })).toBeVisible();

  const response = await request.get("/api/v1/users/me", { headers: { Authorization: `Bearer ${key}` } });
  expect(response.status()).toBe(200);
  const me = await response.json();
  expect(me.username).toBe(username);
  expect(me.bio).toBe(bio);

  // Sign out from the user menu.
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // Signed out, the dashboard sends people to sign in and back to where they were going.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fprofile/);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail address or password" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByLabel("Bio")).toHaveValue(bio);
});
