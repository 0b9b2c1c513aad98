import { expect, mainNav, signInAsDemo, test } from "./fixtures";

/**
 * The Network page as an administrator uses it: this node's id, a peer added with a generated
 * secret and checked (this e2e server may not dial private addresses, so the check fails and says
 * why), then removed; a device paired with the code shown big on the page, a test notification
 * whose outcome shows on the device, and the device removed.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("see this node, add and check a peer, pair a device by its code, notify it, remove both", async ({ page, baseURL }, info) => {
  await signInAsDemo(page);
  await (await mainNav(page)).getByRole("link", { name: "Network" }).click();
  await expect(page).toHaveURL(/\/network$/);
  await expect(page.getByRole("heading", { name: "Network", level: 1 })).toBeVisible();
  await expect(page.getByTestId("node-id")).toHaveText(/^atrium-[0-9a-f]{12}$/);

  // A peer: its address and a generated secret.
  const peerName = `Branch office ${unique()}`;
  await page.getByRole("button", { name: "Add peer" }).first().click();
  const add = page.getByRole("dialog", { name: "Add a peer" });
  await add.getByLabel("Address").fill("http://127.0.0.1:9");
  await add.getByLabel("Name").fill(peerName);
  await add.getByRole("button", { name: "Generate" }).click();
  await expect(add.getByLabel("Shared secret")).toHaveValue(/^[\w-]{43}$/);
  await add.getByRole("button", { name: "Add peer" }).click();
  await expect(add).toBeHidden();
  const peerRow = page.getByTestId("peer").filter({ hasText: peerName });
  await expect(peerRow).toContainText("Not reached yet");
  await expect(peerRow).toContainText("0 in · 0 out");
  await peerRow.getByRole("button", { name: `Check ${peerName} now` }).click();
  await expect(peerRow).toContainText("Disconnected");
  await expect(peerRow.getByRole("alert")).toContainText("Refused to connect");
  if (info.project.name === "desktop") await page.screenshot({ path: "test-results/network-desktop.png", fullPage: true });
  else await page.screenshot({ path: "test-results/network-phone.png", fullPage: true });
  await peerRow.getByRole("button", { name: `Remove ${peerName}` }).click();
  await page.getByRole("dialog", { name: `Remove ${peerName}?` }).getByRole("button", { name: "Remove peer" }).click();
  await expect(peerRow).toHaveCount(0);

  // A device: the code is shown big with its countdown; the device proves it.
  await page.getByRole("tab", { name: /Paired devices/ }).click();
  await page.getByRole("button", { name: "Pair a device" }).first().click();
  const pairDialog = page.getByRole("dialog", { name: "Pair a device" });
  const code = pairDialog.getByTestId("pairing-code");
  await expect(code).toHaveText(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
  await expect(pairDialog.getByTestId("pairing-countdown")).toContainText(/Expires in [45]:\d\d/);
  if (info.project.name === "desktop") await page.screenshot({ path: "test-results/network-code-desktop.png" });
  else await page.screenshot({ path: "test-results/network-code-phone.png" });
  const deviceName = `Phone ${unique()}`;
  const pairingCode = await code.textContent();
  const completed = await page.request.post("/api/pairing/complete", {
    data: { pairing_code: pairingCode, device_name: deviceName, platform: "android", webhook_url: `${baseURL}/device-hook` },
  });
  expect(completed.status()).toBe(201);
  const deviceRow = page.getByTestId("device").filter({ hasText: deviceName });
  await expect(deviceRow).toBeVisible({ timeout: 10_000 });
  await pairDialog.getByRole("button", { name: "Done" }).click();
  await expect(pairDialog).toBeHidden();
  await expect(deviceRow).toContainText("No notifications yet");

  // A test notification: this server refuses to call a private address, and the device says so.
  await page.getByRole("button", { name: "Send a test notification" }).click();
  await expect(deviceRow.getByTestId("last-notification")).toContainText("Failed", { timeout: 15_000 });
  await expect(deviceRow.getByRole("alert")).toContainText("Refused to connect");
  if (info.project.name === "desktop") await page.screenshot({ path: "test-results/network-devices-desktop.png", fullPage: true });
  else await page.screenshot({ path: "test-results/network-devices-phone.png", fullPage: true });

  // The same code does not work twice.
  const again = await page.request.post("/api/pairing/complete", { data: { pairing_code: pairingCode, device_name: "Again" } });
  expect(again.status()).toBe(400);

  await deviceRow.getByRole("button", { name: `Remove ${deviceName}` }).click();
  await page.getByRole("dialog", { name: `Remove ${deviceName}?` }).getByRole("button", { name: "Remove device" }).click();
  await expect(deviceRow).toHaveCount(0);
});
