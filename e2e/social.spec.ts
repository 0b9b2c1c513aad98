import { type Browser, type Page } from "@playwright/test";
import { expect, mainNav, test } from "./fixtures";

/**
 * The social slice as two people use it, each in their own browser: Ana finds Ben and sends a
 * friend request, Ben sees it arrive live and accepts; Ana creates a meeting by dragging on the
 * week grid and shares it with view + edit; Ben sees the invitation arrive live, accepts view +
 * edit, cannot share it onward, and moves it; Ana's calendar shows the new time without a reload.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const password = "e2e-password-123";

async function readCodeFromOutbox(page: Page, email: string) {
  const outbox = await page.context().newPage();
  await outbox.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const codeBox = outbox.getByTestId("outbox-code").first();
  await expect(codeBox).toHaveText(/^\s*\d{6}\s*$/);
  const code = (await codeBox.textContent())!.trim();
  await outbox.close();
  return code;
}

/** Signs a new person up through the UI in a browser context of their own. */
async function signUp(browser: Browser, name: string) {
  const id = unique();
  const person = { username: `${name}_${id}`, email: `${name}-${id}@example.com` };
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("E-mail", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  await page.getByLabel("Verification code").fill(await readCodeFromOutbox(page, person.email));
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return { ...person, page };
}

/** Opens a page and waits until it is hydrated and its live stream is connected. */
async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html[data-live=open]")).toBeAttached();
}

/** The count next to a link in the main navigation (on phones the drawer is opened, then closed). */
async function expectNavCount(page: Page, link: RegExp, count: string) {
  await expect((await mainNav(page)).getByRole("link", { name: link })).toContainText(count);
  const drawer = page.getByRole("dialog", { name: "Navigation" });
  if (await drawer.isVisible()) {
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
  }
}

/** A date a week from now (the browser runs in UTC), so "now" never sits on the meeting. */
const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

test("friends, a shared meeting, and live updates between two people", async ({ browser, isMobile }) => {
  // Two sign-ups and two people taking turns: longer than a one-person journey.
  test.setTimeout(120_000);
  const ana = await signUp(browser, "ana");
  const ben = await signUp(browser, "ben");
  const a = ana.page;
  const b = ben.page;

  // Ben waits on his dashboard; Ana finds him by username and sends a request with a note.
  await open(b, "/dashboard");
  await open(a, "/friends");
  await a.getByLabel("Find people").fill(ben.username);
  const results = a.getByRole("list", { name: "Search results" });
  await results.getByRole("button", { name: `Add ${ben.username} as a friend` }).click();
  const requestDialog = a.getByRole("dialog", { name: `Add ${ben.username} as a friend` });
  await requestDialog.getByLabel("Note (optional)").fill("Hi Ben, it's Ana from the design team.");
  await requestDialog.getByRole("button", { name: "Send request" }).click();
  await expect(a.getByText(`Friend request sent to ${ben.username}`)).toBeVisible();
  await expect(results.getByText("Request sent")).toBeVisible();
  await expect(a.getByRole("tab", { name: /Outgoing/ })).toContainText("1");

  // Ben's bell and Friends badge light up without a reload; the notification leads to the request.
  const bell = b.getByRole("button", { name: "Notifications, 1 unread" });
  await expect(bell).toBeVisible();
  await expect(b.getByRole("region", { name: /Notifications/ }).getByText(`${ana.username} sent you a friend request`)).toBeVisible();
  await expectNavCount(b, /Friends/, "1");
  await bell.click();
  await b.getByRole("menuitem", { name: new RegExp(`${ana.username} sent you a friend request`) }).click();
  await expect(b).toHaveURL(/\/friends\?tab=incoming$/);
  await expect(b.getByRole("tab", { name: /Incoming/ })).toHaveAttribute("aria-selected", "true");
  await expect(b.getByRole("tabpanel").getByText("Hi Ben, it's Ana from the design team.")).toBeVisible();
  await b.getByRole("button", { name: `Accept friend request from ${ana.username}` }).click();
  await expect(b.getByText("Friend request accepted")).toBeVisible();
  await b.getByRole("tab", { name: /Friends/ }).click();
  await expect(b.getByRole("list", { name: "Your friends" }).getByText(ana.username)).toBeVisible();

  // Ana sees the acceptance live: Ben is in her friends list without a reload.
  await a.getByRole("tab", { name: /Friends/ }).click();
  await expect(a.getByRole("list", { name: "Your friends" }).getByText(ben.username)).toBeVisible();

  // Ben keeps his inbox open while Ana plans the meeting.
  await open(b, "/inbox");
  await expect(b.getByText("No invitations waiting")).toBeVisible();

  const day = nextWeek();
  await open(a, `/calendar?view=week&date=${day}`);
  const create = a.getByRole("dialog", { name: "New event" });
  if (isMobile) {
    // Phones show the week as an agenda: Ana uses New event and types 10:00–11:00.
    await expect(a.getByText("Nothing this week")).toBeVisible();
    await a.getByRole("button", { name: "New event" }).first().click();
    await create.getByLabel("Start date").fill(day);
    await create.getByLabel("Start time").fill("10:00");
    await create.getByLabel("End date").fill(day);
    await create.getByLabel("End time").fill("11:00");
  } else {
    // Ana drags 10:00–11:00 on a day of the week view; the create dialog opens with that range.
    await expect(a.getByText("Nothing scheduled this week.")).toBeVisible();
    const column = a.getByTestId(`day-column-${day}`);
    const box = (await column.boundingBox())!;
    const hour = box.height / 24;
    await a.mouse.move(box.x + box.width / 2, box.y + 10 * hour + 2);
    await a.mouse.down();
    await a.mouse.move(box.x + box.width / 2, box.y + 10.5 * hour, { steps: 4 });
    await a.mouse.move(box.x + box.width / 2, box.y + 11 * hour - 2, { steps: 4 });
    await a.mouse.up();
    await expect(create.getByLabel("Start date")).toHaveValue(day);
    await expect(create.getByLabel("Start time")).toHaveValue("10:00");
    await expect(create.getByLabel("End time")).toHaveValue("11:00");
  }
  await create.getByLabel("Title").fill("Roadmap meeting");
  await create.getByLabel("Location").fill("Room 4");
  await create.getByRole("button", { name: "Create event" }).click();
  await expect(a.getByText("Event created")).toBeVisible();
  const anaMeeting = a.getByRole("button", { name: /Roadmap meeting/ });
  await expect(anaMeeting).toContainText(/10:00\sAM\s–\s11:00\sAM/);

  // She shares it with Ben by e-mail, offering view + edit (not invite).
  await anaMeeting.click();
  await a.getByRole("dialog", { name: "Edit event" }).getByRole("button", { name: "Share" }).click();
  const share = a.getByRole("dialog", { name: "Share “Roadmap meeting”" });
  await share.getByLabel("E-mail address").fill(ben.email);
  await expect(share.getByRole("checkbox", { name: /View/ })).toBeChecked();
  await share.getByRole("checkbox", { name: /Edit/ }).check();
  await share.getByRole("button", { name: "Send invitation" }).click();
  await expect(a.getByText(`Invitation sent to ${ben.email}`)).toBeVisible();

  // The invitation appears in Ben's open inbox without a reload; he accepts view + edit.
  await expectNavCount(b, /Inbox/, "1");
  await b.getByRole("button", { name: "Accept invitation to Roadmap meeting" }).click();
  const accept = b.getByRole("dialog", { name: "Accept invitation" });
  await expect(accept.getByRole("checkbox", { name: /View/ })).toBeChecked();
  await expect(accept.getByRole("checkbox", { name: /Edit/ })).toBeChecked();
  await expect(accept.getByRole("checkbox", { name: /Invite/ })).toBeDisabled();
  await accept.getByRole("button", { name: "Accept" }).click();
  await expect(b.getByText(/Invitation accepted/)).toBeVisible();
  await expect(b.getByText("No invitations waiting")).toBeVisible();

  // The meeting is in Ben's calendar (the week grid, or the agenda on phones), marked as shared by Ana.
  await open(b, `/calendar?view=week&date=${day}`);
  const benMeeting = b.getByRole("button", { name: new RegExp(`Roadmap meeting.*shared (with you )?by ${ana.username}`, "i") });
  await expect(benMeeting).toBeVisible();
  await benMeeting.click();
  const edit = b.getByRole("dialog", { name: "Edit event" });
  await expect(edit).toContainText(`Shared with you by ${ana.username}. You can view, edit.`);
  // Without the invite bit there is nothing to share with, and only the owner may delete.
  await expect(edit.getByRole("button", { name: "Share" })).toHaveCount(0);
  await expect(edit.getByRole("button", { name: "Delete" })).toHaveCount(0);

  // Ben has edit: he moves it to 14:00–15:00.
  await edit.getByLabel("Start time").fill("14:00");
  await edit.getByLabel("End time").fill("15:00");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(b.getByText("Event saved")).toBeVisible();
  await expect(benMeeting).toContainText(/2:00\sPM\s–\s3:00\sPM/);

  // Ana's week view follows without a reload.
  await expect(anaMeeting).toContainText(/2:00\sPM\s–\s3:00\sPM/);
  await a.reload();
  await expect(a.getByRole("button", { name: /Roadmap meeting/ })).toContainText(/2:00\sPM\s–\s3:00\sPM/);

  await ana.page.context().close();
  await ben.page.context().close();
});
