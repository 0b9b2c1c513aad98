import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/**
 * `test` for the journeys: every page the test opens (in its own context or in contexts it makes
 * with `browser.newContext()`) is watched, and a console error or an uncaught page error fails the
 * test after it ran: a hydration mismatch, a failed fetch or a crashed effect is a bug even when
 * the journey's assertions pass.
 *
 * A test that provokes an error on purpose names it: `test.use({ allowConsoleErrors: [/…/] })`
 * (matched against the whole line: page, message and the resource's URL), with a comment saying
 * why. Keep those lists short.
 */
export const test = base.extend<{ allowConsoleErrors: RegExp[]; consoleErrors: string[] }>({
  allowConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ context, browser, allowConsoleErrors }, run) => {
      const errors: string[] = [];
      const watchPage = (page: Page) => {
        page.on("console", (message) => {
          if (message.type() !== "error") return;
          const where = message.location().url;
          const line = `console.error on ${page.url()}: ${message.text()}${where ? ` (${where})` : ""}`;
          if (!allowConsoleErrors.some((pattern) => pattern.test(line))) errors.push(line);
        });
        page.on("pageerror", (error) => errors.push(`uncaught on ${page.url()}: ${error.message}`));
      };
      const watchContext = (ctx: BrowserContext) => {
        ctx.pages().forEach(watchPage);
        ctx.on("page", watchPage);
      };
      watchContext(context);
      // Journeys with two people make a context each; watch those too for the length of the test.
      const newContext = browser.newContext.bind(browser);
      (browser as Browser).newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const ctx = await newContext(...args);
        watchContext(ctx);
        return ctx;
      };
      try {
        await run(errors);
      } finally {
        browser.newContext = newContext;
      }
      expect(errors, "console errors and uncaught page errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The main navigation: the sidebar, or on phones the drawer behind the menu button (opened here). */
export async function mainNav(page: Page) {
  const menu = page.getByRole("button", { name: "Open navigation" });
  if (await menu.isVisible()) {
    await menu.click();
    await expect(page.getByRole("dialog", { name: "Navigation" })).toBeVisible();
  }
  return page.getByRole("navigation", { name: "Main" });
}

/** Signs in through the sign-in page and lands on `path` (the page's callbackUrl). */
export async function signIn(page: Page, email: string, password: string, path = "/dashboard") {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((url) => url.pathname === path);
}

/** The seeded demo account: the first account, so the administrator. */
export const signInAsDemo = (page: Page, path = "/dashboard") => signIn(page, "demo@atrium.local", "atrium-demo", path);

/** Below xl the agent designer shows one pane at a time behind tabs (phones); wider screens show both. */
export async function showPane(page: Page, name: "Design" | "Playground") {
  const tab = page.getByRole("tab", { name });
  if (await tab.isVisible()) await tab.click();
}
