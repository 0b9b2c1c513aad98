import { expect, mainNav, signIn, signInAsDemo, test } from "./fixtures";

/**
 * An administrator checks the audit trail: the demo account is the first account, so it is the
 * administrator. Signing in is itself audited; Audit shows the entry, Verify says the chain is valid,
 * and the security overview lists the sixteen systems.
 */

test("an administrator opens Audit, presses Verify and sees a valid chain", async ({ page }, testInfo) => {
  await signInAsDemo(page);
  await mainNav(page);
  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();

  // The sign-in just now is in the trail.
  const entries = page.getByRole("region", { name: "Entries" });
  // (Rows are a table on desktop and cards on phones: look at the visible one.)
  await expect(entries.getByText(/demo@atrium\.local signed in \(browser\)/).filter({ visible: true }).first()).toBeVisible();

  // The security overview: sixteen systems, each opening to its reason.
  const overview = page.getByRole("region", { name: "Security overview" });
  await expect(overview.getByRole("listitem")).toHaveCount(16);
  await overview.getByText("Merkle audit trail").click();
  await expect(overview.getByText(/hash chain/).first()).toBeVisible();

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByRole("status").getByText(/^Chain valid, [\d,]+ entr(y|ies)$/)).toBeVisible();

  // Filtering by an event type with no entries shows the empty state (no journey deletes an account:
  // Atrium offers no account deletion yet; other journeys on this server do configure webhooks).
  await entries.getByLabel("Event type").selectOption({ label: "User deleted" });
  await entries.getByRole("button", { name: "Filter" }).click();
  await expect(entries.getByText("No entries match")).toBeVisible();
  await entries.getByRole("button", { name: "Clear" }).click();
  await expect(entries.getByText(/demo@atrium\.local signed in \(browser\)/).filter({ visible: true }).first()).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath(`audit-${testInfo.project.name}.png`), fullPage: true });
});

test("a member does not see Audit in the navigation and is told it is for administrators", async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const email = `mia-${stamp}@example.com`;
  expect((await request.post("/api/v1/auth/register", { data: { email, password: "correct horse battery", nickname: `mia${stamp}` } })).status()).toBe(201);
  await signIn(page, email, "correct horse battery");
  await mainNav(page);
  await expect(page.getByRole("link", { name: "Calendar", exact: true }).filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit", exact: true })).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByText("Administrators only")).toBeVisible();
});
