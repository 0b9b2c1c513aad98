import type { Page } from "@playwright/test";
import { expect, mainNav, signInAsDemo, test } from "./fixtures";

/**
 * Workflows as a person builds them, on the built-in offline model: a new workflow drawn from the
 * palette (start → LLM → end), the LLM's missing prompt marked red until filled, saved, run with the
 * nodes turning green live; then an approval before the end, approved on /approvals, and the run
 * finishing. On a phone: the run view of a finished run (read-only canvas, timeline, steps as a list).
 */

const canvas = (page: Page) => page.getByTestId("workflow-canvas");
const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);

/** Drops a palette entry on the canvas, `row` rows down the middle of it (nodes stacked, so none covers another). */
async function dragFromPalette(page: Page, label: string, row: number) {
  const box = (await canvas(page).boundingBox())!;
  await page.getByRole("button", { name: `Add ${label}`, exact: true }).dragTo(canvas(page), { targetPosition: { x: box.width / 2, y: 70 + row * 150 } });
}

const fitView = (page: Page) => page.getByRole("button", { name: "Fit View" }).click();

async function connect(page: Page, from: string, to: string, handle?: string) {
  const source = handle ? node(page, from).locator(`.react-flow__handle.source[data-handleid="${handle}"]`) : node(page, from).locator(".react-flow__handle.source").first();
  await source.dragTo(node(page, to).locator(".react-flow__handle.target"));
}

async function deleteNode(page: Page, id: string) {
  await node(page, id).click();
  await page.keyboard.press("Delete");
  await expect(node(page, id)).toHaveCount(0);
}

async function saveVersion(page: Page, message: string) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Save a new version" });
  await dialog.getByLabel("What changed (optional)").fill(message);
  await dialog.getByRole("button", { name: "Save version" }).click();
  await expect(dialog).toBeHidden();
}

test("draw a workflow, fix what is red, save, run it live, then approve a step", async ({ page }, info) => {
  test.skip(info.project.name === "phone", "drawing by drag and drop is a desktop journey; the phone checks the run view below");
  test.setTimeout(120_000);
  const name = `Ticket summariser ${Date.now().toString(36)}`;

  await signInAsDemo(page, "/dashboard");
  await (await mainNav(page)).getByRole("link", { name: "Workflows" }).click();
  await expect(page.getByRole("heading", { name: "Workflows", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Start from a template" })).toBeVisible();

  await page.getByRole("button", { name: "New workflow" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create workflow" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("workflow-version")).toHaveText("v1");

  // Start from an empty canvas and draw start → LLM → end from the palette.
  for (const id of ["start", "end"]) if (await node(page, id).count()) await deleteNode(page, id);
  await dragFromPalette(page, "Start", 0);
  await dragFromPalette(page, "LLM", 1);
  await dragFromPalette(page, "End", 2);
  await expect(node(page, "start")).toBeVisible();
  await expect(node(page, "llm")).toBeVisible();
  await expect(node(page, "end")).toBeVisible();
  await connect(page, "start", "llm");
  await connect(page, "llm", "end");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  // The LLM's prompt is required: red until written.
  await expect(node(page, "llm")).toHaveAttribute("data-invalid", "true");
  await node(page, "llm").click();
  await page.getByLabel("Prompt", { exact: true }).fill("Summarise this ticket: {{ input.text }}");
  await expect(node(page, "llm")).not.toHaveAttribute("data-invalid", "true");

  // A connection that would make a loop is refused, and the editor says why.
  await connect(page, "llm", "llm");
  await expect(page.getByText(/Cannot connect: "llm" cannot connect to itself/)).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);

  await saveVersion(page, "Summarise with the built-in model");
  await expect(page.getByTestId("workflow-version")).toHaveText("v2");

  // Run: the nodes light up and end green.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Start run" }).click();
  for (const id of ["start", "llm", "end"]) await expect(node(page, id)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(page.getByRole("status").filter({ hasText: "Run succeeded" })).toBeAttached();

  // An approval before the end: replace the end node with approval → end.
  await deleteNode(page, "end");
  await dragFromPalette(page, "Approval", 2);
  await dragFromPalette(page, "End", 3);
  await fitView(page);
  await connect(page, "llm", "approval");
  await connect(page, "approval", "end", "approved");
  await node(page, "approval").click();
  const title = `Send the summary ${Date.now().toString(36)}`;
  await page.getByLabel("Title", { exact: true }).fill(title);
  await expect(node(page, "approval")).not.toHaveAttribute("data-invalid", "true");
  await saveVersion(page, "Ask before sending");
  await expect(page.getByTestId("workflow-version")).toHaveText("v3");

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Start run" }).click();
  await expect(node(page, "approval")).toHaveAttribute("data-status", "waiting", { timeout: 30_000 });
  await page.getByRole("tab", { name: "Run" }).click();
  await page.getByRole("link", { name: "Open the run view" }).click();
  await expect(page.getByRole("heading", { name: "Run", level: 1 })).toBeVisible();
  const runUrl = page.url();
  await page.getByRole("link", { name: "Open approvals" }).click();

  await expect(page.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
  const row = page.getByTestId("approval-row").filter({ hasText: title }).first();
  await row.click();
  await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();

  await page.goto(runUrl);
  await expect(page.getByTestId("run-status")).toContainText("Succeeded", { timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Steps" })).toContainText("approval");
});

test("the run view on a phone: read-only canvas, timeline and steps", async ({ page }) => {
  await signInAsDemo(page, "/workflows");
  const definition = {
    nodes: [
      { id: "start", type: "start", name: "Start", position: { x: 0, y: 0 }, config: { input_schema: [{ name: "text", type: "string", required: true }] } },
      { id: "shout", type: "transform", name: "Shout", position: { x: 300, y: 0 }, config: { expression: "$uppercase(input.text)" } },
      { id: "end", type: "end", name: "End", position: { x: 600, y: 0 }, config: { output: { result: "{{ nodes.shout.output }}" } } },
    ],
    edges: [
      { id: "a", source: "start", target: "shout", source_handle: "out" },
      { id: "b", source: "shout", target: "end", source_handle: "out" },
    ],
  };
  const created = await page.request.post("/api/v1/workflows", { data: { name: `Shouter ${Date.now().toString(36)}`, definition } });
  expect(created.status()).toBe(201);
  const workflow = (await created.json()) as { id: string };
  const run = await page.request.post(`/api/v1/workflows/${workflow.id}/execute`, { data: { input: { text: "hello" }, wait: true } });
  expect(run.ok()).toBe(true);
  const { id: runId } = (await run.json()) as { id: string };

  await page.goto(`/workflows/${workflow.id}/runs`);
  await expect(page.getByRole("heading", { name: "Run history", level: 1 })).toBeVisible();
  await page.getByRole("list", { name: "Runs" }).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByTestId("run-status")).toContainText("Succeeded");
  await expect(page.getByTestId("node-shout")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("shout");
  await page.getByRole("list", { name: "Steps" }).getByRole("button", { name: /shout/ }).click();
  await expect(page.getByTestId("step-details")).toContainText("HELLO");
  await expect(page.getByTestId("run-output")).toContainText("HELLO");
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
});

test.describe("editor tools", () => {
  // The refused save (409) and the refused import (400) are the point of those steps; the browser logs both responses.
  // (An array option is given as [value, options]: a bare array would be read as that pair.)
  test.use({ allowConsoleErrors: [[/status of 409 .*workflows\.update/, /status of 400 .*workflows\.importJson/], { scope: "test" }] });

  test("copy/paste, undo/redo, auto-layout, a save conflict, versions and import", async ({ page }, info) => {
    test.skip(info.project.name === "phone", "keyboard shortcuts and the side panel are the desktop editor's");
    await signInAsDemo(page, "/workflows");
    const created = await page.request.post("/api/v1/workflows", { data: { name: `Tools ${Date.now().toString(36)}` } });
    const workflow = (await created.json()) as { id: string };
    await page.goto(`/workflows/${workflow.id}`);
    await expect(page.getByTestId("workflow-version")).toHaveText("v1");

    // Click-to-add (the keyboard way), then copy and paste it with a new id; undo and redo the paste.
    await page.getByRole("button", { name: "Add Transform", exact: true }).click();
    await expect(node(page, "transform")).toBeVisible();
    await node(page, "transform").click();
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect(node(page, "transform_2")).toBeVisible();
    await page.keyboard.press("Control+z");
    await expect(node(page, "transform_2")).toHaveCount(0);
    await page.keyboard.press("Control+Shift+z");
    await expect(node(page, "transform_2")).toBeVisible();
    await node(page, "transform_2").click();
    await page.keyboard.press("Delete");
    await expect(node(page, "transform_2")).toHaveCount(0);
    await page.getByRole("button", { name: "Auto-layout" }).click();
    await expect(page.getByTestId("unsaved")).toBeVisible();

    // The shortcuts are listed behind "?".
    await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Undo");
    await page.keyboard.press("Escape");

    // Someone else saves meanwhile: this save is refused and the editor offers to reload.
    const other = await page.request.put(`/api/v1/workflows/${workflow.id}`, { data: { description: "changed elsewhere", base_version: 1 } });
    expect(other.ok()).toBe(true);
    await saveVersionExpectingConflict(page);
    await page.getByRole("button", { name: "Reload" }).click();
    await expect(page.getByTestId("workflow-version")).toHaveText("v2");
    await expect(node(page, "transform")).toHaveCount(0);

    // Versions: v1 compared with the canvas, then rolled back to (a new version).
    await page.getByRole("tab", { name: "Versions" }).click();
    await page.getByRole("list", { name: "Versions" }).getByRole("button", { name: /v1/ }).click();
    await expect(page.getByText("The canvas compared with v1")).toBeVisible();
    await page.getByRole("button", { name: "Roll back to v1" }).click();
    await expect(page.getByTestId("workflow-version")).toHaveText("v3");

    // Export downloads the workflow as a JSON file.
    await page.getByRole("button", { name: "More" }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("menuitem", { name: "Export JSON" }).click();
    expect((await download).suggestedFilename()).toMatch(/\.workflow\.json$/);

    // A schedule: the next run is shown while typing, then the schedule is listed with its own.
    await page.getByRole("tab", { name: "Schedules" }).click();
    await page.getByLabel("Cron").fill("30 7 * * *");
    await page.getByLabel("Time zone").fill("Europe/Berlin");
    await expect(page.getByTestId("next-run")).toContainText("Next run:");
    await page.getByRole("button", { name: "Create schedule" }).click();
    await expect(page.getByRole("list", { name: "Schedules" })).toContainText("30 7 * * * · Europe/Berlin");

    // The webhook: turned on it shows its URL with the token; a new token changes the URL.
    await page.getByRole("tab", { name: "Webhook" }).click();
    await page.getByRole("button", { name: "Turn on" }).click();
    const url = page.getByTestId("webhook-url");
    await expect(url).toContainText("/api/v1/webhooks/");
    const before = await url.textContent();
    await page.getByRole("button", { name: "New token" }).click();
    await expect(url).not.toHaveText(before ?? "");

    // Import: a broken document lists its problems by field; a good one opens in the editor.
    await page.goto("/workflows");
    await page.getByRole("button", { name: "Import" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a workflow" });
    await dialog.getByLabel("Or paste the JSON").fill(JSON.stringify({ format: "atrium.workflow/v1", name: "Broken", definition: { nodes: [{ id: "not ok!", type: "start" }], edges: [] } }));
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect(dialog.getByRole("list", { name: "Problems" })).toContainText("definition.nodes.0.id");
    await dialog.getByLabel("Or paste the JSON").fill(JSON.stringify({ format: "atrium.workflow/v1", name: "Imported one", definition: { nodes: [{ id: "start", type: "start" }], edges: [] } }));
    await dialog.getByRole("button", { name: "Import" }).click();
    await expect(page.getByRole("heading", { name: "Imported one", level: 1 })).toBeVisible();
  });
});

async function saveVersionExpectingConflict(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("dialog", { name: "Save a new version" }).getByRole("button", { name: "Save version" }).click();
  await expect(page.getByRole("dialog", { name: "Someone saved a newer version" })).toBeVisible();
}

test("below lg the palette and the settings are drawers", async ({ page }, info) => {
  test.skip(info.project.name !== "phone", "the desktop shows both panels beside the canvas");
  await signInAsDemo(page, "/workflows");
  const created = await page.request.post("/api/v1/workflows", { data: { name: `Pocket ${Date.now().toString(36)}` } });
  const workflow = (await created.json()) as { id: string };
  await page.goto(`/workflows/${workflow.id}`);
  await expect(page.getByTestId("workflow-version")).toHaveText("v1");

  await page.getByRole("button", { name: "Add node" }).click();
  await page.getByRole("button", { name: "Add LLM", exact: true }).click();
  await expect(node(page, "llm")).toBeVisible();
  await expect(node(page, "llm")).toContainText("prompt: Write a prompt");

  await page.getByRole("button", { name: "Details" }).click();
  const details = page.getByRole("dialog", { name: "Details" });
  await details.getByRole("tab", { name: "Node" }).click();
  await details.getByLabel("Prompt", { exact: true }).fill("Hello {{ input }}");
  await details.getByRole("button", { name: "Close the details" }).click();
  // The prompt is filled; what is left is that nothing leads to the node yet.
  await expect(node(page, "llm")).not.toContainText("Write a prompt");
  await expect(node(page, "llm")).toContainText("never runs");

  // Without dragging: connect through the settings' form (the same rule as on the canvas).
  await node(page, "llm").click();
  await details.getByLabel("Connect to").selectOption("start");
  await details.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(details.getByRole("alert")).toContainText("entry node");
  await details.getByRole("button", { name: "Close the details" }).click();
  await node(page, "start").click();
  await details.getByLabel("Connect to").selectOption("llm");
  await details.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(details.getByRole("list", { name: "Outgoing connections" })).toContainText("(llm)");
  await details.getByRole("button", { name: "Close the details" }).click();
  await expect(node(page, "llm")).not.toHaveAttribute("data-invalid", "true");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
});
