import { expect, mainNav, signIn, signInAsDemo, test } from "./fixtures";

/**
 * An administrator manages roles: the demo account is the first account, so it is the administrator.
 * It opens Roles from the navigation, creates a custom role with a few permissions in the checkbox
 * matrix, and gives it to someone who just signed up.
 */

test("an administrator creates a custom role and assigns it", async ({ page, request }, testInfo) => {
  const stamp = Date.now().toString(36);
  const roleName = `Reviewer ${stamp}`;
  // Someone to give the role to (004's register: the username is made from the nickname).
  const registered = await request.post("/api/v1/auth/register", { data: { email: `rita-${stamp}@example.com`, password: "correct horse battery", nickname: `rita${stamp}` } });
  expect(registered.status()).toBe(201);
  const rita = ((await registered.json()) as { username: string }).username;

  await signInAsDemo(page);
  await mainNav(page);
  await page.getByRole("link", { name: "Roles" }).click();
  await expect(page.getByRole("heading", { name: "Roles", level: 1 })).toBeVisible();
  await expect(page.getByText("Built in").first()).toBeVisible();

  // Built-in roles are read-only.
  await page.getByRole("button", { name: "View Viewer" }).click();
  await expect(page.getByRole("checkbox", { name: "Agents: read" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Agents: create" })).toBeDisabled();
  await page.getByRole("button", { name: "Close", exact: true }).first().click();

  // A custom role with three permissions.
  await page.getByRole("button", { name: "New role" }).click();
  const dialog = page.getByRole("dialog", { name: "New role" });
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(roleName);
  await dialog.getByRole("textbox", { name: "Description" }).fill("Reads agents and the audit trail");
  await dialog.getByRole("checkbox", { name: "Agents: read" }).check();
  await dialog.getByRole("checkbox", { name: "Chat: use" }).check();
  await dialog.getByRole("checkbox", { name: "Audit trail: read" }).check();
  await dialog.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByText("Role created")).toBeVisible();
  const roleRow = page.getByRole("listitem").filter({ has: page.getByRole("button", { name: `Edit ${roleName}` }) });
  await expect(roleRow).toContainText("3 permissions · 0 people");

  // Give it to Rita.
  await page.getByRole("textbox", { name: "Search people by username" }).fill(rita);
  const row = page.getByTestId(`person-${rita}`);
  await expect(row.getByRole("list", { name: `Roles of ${rita}` })).toContainText("Member");
  await row.getByRole("combobox", { name: `Give ${rita} a role` }).selectOption({ label: roleName });
  await expect(page.getByText("Role given")).toBeVisible();
  await expect(row.getByRole("list", { name: `Roles of ${rita}` })).toContainText(roleName);

  await page.getByRole("textbox", { name: "Search people by username" }).fill("");
  await expect(roleRow).toContainText("3 permissions · 1 person");
  // E2E_SCREENSHOT_DIR keeps a picture of the page outside test-results (which every run empties).
  const shots = process.env.E2E_SCREENSHOT_DIR ?? testInfo.outputDir;
  await page.screenshot({ path: `${shots}/roles-${testInfo.project.name}.png`, fullPage: true });

  // Take it back, confirmed.
  await page.getByRole("textbox", { name: "Search people by username" }).fill(rita);
  await row.getByRole("button", { name: `Remove ${roleName} from ${rita}` }).click();
  await page.getByRole("button", { name: "Remove role" }).click();
  await expect(page.getByText("Role removed")).toBeVisible();
  await expect(row.getByRole("list", { name: `Roles of ${rita}` })).not.toContainText(roleName);
});

test("the owner shares an agent from the designer: the other person sees it while it is shared", async ({ page, browser, request }) => {
  const stamp = Date.now().toString(36);
  const email = `sam-${stamp}@example.com`;
  const registered = await request.post("/api/v1/auth/register", { data: { email, password: "correct horse battery", nickname: `sam${stamp}` } });
  expect(registered.status()).toBe(201);
  const sam = ((await registered.json()) as { username: string }).username;

  await signInAsDemo(page);
  await page.goto("/agents");
  await page.getByRole("link", { name: "Release-notes writer" }).first().click();
  await expect(page.getByRole("heading", { name: "Release-notes writer", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Share Release-notes writer" }).click();
  const dialog = page.getByRole("dialog", { name: "Share Release-notes writer" });
  await dialog.getByRole("textbox", { name: "Person" }).fill(sam);
  await dialog.getByRole("combobox", { name: "Access" }).selectOption("use");
  await dialog.getByRole("list", { name: "People found" }).getByRole("button", { name: "Share" }).click();
  await expect(page.getByText(`Shared with ${sam}`)).toBeVisible();
  await expect(dialog.getByRole("combobox", { name: `Access of ${sam}` })).toHaveValue("use");

  // Sam sees it among his agents.
  const other = await browser.newContext();
  const samPage = await other.newPage();
  await signIn(samPage, email, "correct horse battery", "/agents");
  await expect(samPage.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
  await expect(samPage.getByRole("link", { name: "Release-notes writer" }).first()).toBeVisible();

  // The owner takes it back.
  await dialog.getByRole("button", { name: `Stop sharing with ${sam}` }).click();
  await expect(page.getByText("No longer shared")).toBeVisible();
  await expect(dialog.getByText("Nobody yet: only you can see it.")).toBeVisible();
  await samPage.reload();
  await expect(samPage.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
  await expect(samPage.getByRole("link", { name: "Release-notes writer" })).toHaveCount(0);
  await other.close();
});
