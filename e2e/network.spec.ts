import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, mainNav, signInAsDemo, test } from "./fixtures";

/**
 * The Network page as an administrator uses it: this node's id; a peer added with a generated
 * secret (this very instance at its own URL, so the link is real and signed both ways), checked
 * (connected, authenticated), a message sent across it and counted out and in, then removed; a
 * device paired with the code shown big on the page, a test notification reaching the device's
 * webhook (a receiver this spec runs on 127.0.0.2, which the e2e server may reach) and showing as delivered,
 * the code refused a second time, and the device removed.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function startWebhookReceiver() {
  const received: { title?: string; device_id?: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push(JSON.parse(body || "{}") as { title?: string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.2", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.2:${port}/hook`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("see this node, link a peer and message it, pair a device by its code and notify it, remove both", async ({ page, baseURL }, info) => {
  const shot = (name: string, fullPage = true) => page.screenshot({ path: `test-results/network-${name}-${info.project.name}.png`, fullPage });
  await signInAsDemo(page);
  await (await mainNav(page)).getByRole("link", { name: "Network" }).click();
  await expect(page).toHaveURL(/\/network$/);
  await expect(page.getByRole("heading", { name: "Network", level: 1 })).toBeVisible();
  await expect(page.getByTestId("node-id")).toHaveText(/^atrium-[0-9a-f]{12}$/);
  const nodeId = await page.getByTestId("node-id").textContent();

  // A peer: this instance at its own address, with a generated secret.
  const peerName = `Branch office ${unique()}`;
  await page.getByRole("button", { name: "Add peer" }).first().click();
  const add = page.getByRole("dialog", { name: "Add a peer" });
  // The e2e server itself, at the one private address it may reach.
  await add.getByLabel("Address").fill(baseURL!.replace("127.0.0.1", "127.0.0.2").replace("localhost", "127.0.0.2"));
  await add.getByLabel("Name").fill(peerName);
  await add.getByRole("button", { name: "Generate" }).click();
  await expect(add.getByLabel("Shared secret")).toHaveValue(/^[\w-]{43}$/);
  await add.getByRole("button", { name: "Add peer" }).click();
  await expect(add).toBeHidden();
  const peerRow = page.getByTestId("peer").filter({ hasText: peerName });
  await expect(peerRow).toContainText(/Not reached yet|Connected/);
  await peerRow.getByRole("button", { name: `Check ${peerName} now` }).click();
  await expect(peerRow).toContainText("Connected");
  await expect(peerRow).toContainText("Authenticated");
  await expect(peerRow).toContainText(`Node ${nodeId}`);

  // A message across the link: out from this side, in on the other (here, the same row).
  await peerRow.getByRole("button", { name: `Messages with ${peerName}` }).click();
  const messages = page.getByRole("dialog", { name: `Messages with ${peerName}` });
  await messages.getByRole("textbox", { name: "Message" }).fill("Hello, branch office");
  await messages.getByRole("button", { name: "Send" }).click();
  await expect(messages.getByTestId("peer-message").filter({ hasText: "Sent" })).toContainText("delivered", { timeout: 15_000 });
  await expect(messages.getByTestId("peer-message").filter({ hasText: "Received" })).toContainText("Hello, branch office");
  await shot("messages", false);
  await page.keyboard.press("Escape");
  await expect(messages).toBeHidden();
  await expect(peerRow).toContainText("1 in · 1 out", { timeout: 10_000 });
  await shot("peers");
  await peerRow.getByRole("button", { name: `Remove ${peerName}` }).click();
  await page.getByRole("dialog", { name: `Remove ${peerName}?` }).getByRole("button", { name: "Remove peer" }).click();
  await expect(peerRow).toHaveCount(0);

  // A device: the code is shown big with its countdown; the device proves it.
  const receiver = await startWebhookReceiver();
  try {
    await page.getByRole("tab", { name: /Paired devices/ }).click();
    await page.getByRole("button", { name: "Pair a device" }).first().click();
    const pairDialog = page.getByRole("dialog", { name: "Pair a device" });
    const code = pairDialog.getByTestId("pairing-code");
    await expect(code).toHaveText(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    await expect(pairDialog.getByTestId("pairing-countdown")).toContainText(/Expires in [45]:\d\d/);
    await shot("code", false);
    const deviceName = `Phone ${unique()}`;
    const pairingCode = await code.textContent();
    const completed = await page.request.post("/api/pairing/complete", { data: { pairing_code: pairingCode, device_name: deviceName, platform: "android", webhook_url: receiver.url } });
    expect(completed.status()).toBe(201);
    const deviceRow = page.getByTestId("device").filter({ hasText: deviceName });
    await expect(deviceRow).toBeVisible({ timeout: 10_000 });
    await pairDialog.getByRole("button", { name: "Done" }).click();
    await expect(pairDialog).toBeHidden();
    await expect(deviceRow).toContainText("No notifications yet");

    // A test notification reaches the device's webhook and shows as delivered.
    await page.getByRole("button", { name: "Send a test notification" }).click();
    await expect(deviceRow.getByTestId("last-notification")).toContainText("Delivered", { timeout: 15_000 });
    expect(receiver.received.map((r) => r.title)).toContain("Test notification");
    await shot("devices");

    // The same code does not pair a second device.
    const again = await page.request.post("/api/pairing/complete", { data: { pairing_code: pairingCode, device_name: "Again" } });
    expect(again.status()).toBe(400);

    await deviceRow.getByRole("button", { name: `Remove ${deviceName}` }).click();
    await page.getByRole("dialog", { name: `Remove ${deviceName}?` }).getByRole("button", { name: "Remove device" }).click();
    await expect(deviceRow).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
