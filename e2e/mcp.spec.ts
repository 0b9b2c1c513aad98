import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, signIn, signInAsDemo, test } from "./fixtures";

/**
 * MCP servers as a person manages them under Settings → MCP servers: a member adds a server by URL
 * (Atrium's own /mcp: refused, since outbound requests may not reach private addresses, and the row
 * says why), sees that catalog servers which run a command are for administrators, and deletes it;
 * the administrator adds @modelcontextprotocol/server-filesystem by command on a temp folder, sees
 * it connect with its tools and latency, reconnects, checks health and deletes it.
 */
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const FILESYSTEM_BIN = join(process.cwd(), "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");

test("a member adds a server by URL, sees why it fails, and deletes it", async ({ page, baseURL }) => {
  const email = `mcp-${unique()}@example.com`;
  const password = "e2e-password-123";
  expect((await page.request.post("/api/v1/auth/register", { data: { email, password, nickname: "Mia" } })).status()).toBe(201);
  await signIn(page, email, password, "/settings/mcp");
  await expect(page.getByRole("heading", { name: "MCP servers", level: 1 })).toBeVisible();
  await expect(page.getByText("No MCP servers yet")).toBeVisible();

  await page.getByRole("button", { name: "Add server" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  // A catalog server that runs a command: members are told before they fill anything in.
  await dialog.getByLabel("Server").selectOption({ label: "GitHub" });
  await expect(dialog.getByText("only administrators may add it")).toBeVisible();
  await expect(dialog.getByLabel("Personal access token")).toBeVisible();

  await dialog.getByRole("tab", { name: "URL" }).click();
  await dialog.getByRole("button", { name: "Add server" }).click();
  await expect(dialog.getByText(/Too small|at least 1|Use letters/).first()).toBeVisible();
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("self");
  await dialog.getByRole("textbox", { name: "URL", exact: true }).fill(`${baseURL}/mcp`);
  await dialog.getByRole("textbox", { name: "Headers", exact: true }).fill("Authorization: Bearer atr_example");
  await dialog.getByRole("button", { name: "Add server" }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole("listitem", { name: "self" });
  await expect(row).toBeVisible();
  await expect(row.getByText("Failing")).toBeVisible();
  await expect(row.getByRole("alert")).toContainText("Refused to connect");
  await expect(row.getByText("Credentials stored: Authorization")).toBeVisible();
  await expect(page.getByText("atr_example")).toHaveCount(0);

  await row.getByRole("button", { name: "Delete self" }).click();
  await page.getByRole("dialog", { name: "Delete self?" }).getByRole("button", { name: "Delete server" }).click();
  await expect(page.getByText("No MCP servers yet")).toBeVisible();
});

test("the administrator adds server-filesystem by command, sees its tools, reconnects, checks health, deletes it", async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), "atrium-e2e-mcp-"));
  writeFileSync(join(folder, "hello.txt"), "hello");
  const name = `files-${unique()}`;

  await signInAsDemo(page, "/settings/mcp");
  await expect(page.getByRole("heading", { name: "MCP servers", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Add server" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add an MCP server" });
  await dialog.getByRole("tab", { name: "Command" }).click();
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await dialog.getByRole("textbox", { name: "Command", exact: true }).fill(process.execPath);
  await dialog.getByRole("textbox", { name: "Arguments", exact: true }).fill(`${FILESYSTEM_BIN}\n${folder}`);
  await dialog.getByRole("button", { name: "Add server" }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole("listitem", { name });
  await expect(row.getByText("Connected")).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText(/\d+ ms/)).toBeVisible();
  await row.getByText(/\d+ tools/).click();
  await expect(row.getByText(`mcp_${name}_read_text_file`)).toBeVisible();

  await row.getByRole("button", { name: `Reconnect ${name}` }).click();
  await expect(page.getByText(new RegExp(`${name} connected: \\d+ tools`))).toBeVisible();
  await page.getByRole("button", { name: "Check health" }).click();
  await expect(page.getByText(/servers answer|server answers/)).toBeVisible();

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("dialog", { name: `Delete ${name}?` }).getByRole("button", { name: "Delete server" }).click();
  await expect(page.getByRole("listitem", { name })).toHaveCount(0);
});
