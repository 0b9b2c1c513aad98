import { AppShell } from "@/components/shell/app-shell";
import { SignInRedirect } from "@/components/shell/sign-in-redirect";
import { getSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

/**
 * Everything behind sign-in. A layout does not know the path and does not stop its page from
 * rendering, so each page calls requireSession(path): without a session that throws a redirect to
 * /sign-in?callbackUrl=<path> while the children render here, and the response is a plain 307.
 * SignInRedirect is the client-side fallback for a page that forgot to.
 */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession();
  if (!session) {
    return (
      <>
        <SignInRedirect />
        <div hidden>{children}</div>
      </>
    );
  }
  // What the shell itself shows (user menu, nav badges, the bell's count), so it renders the same on the
  // server and in the browser whatever the page below prefetches.
  await prefetch(
    trpc.identity.me.queryOptions(),
    trpc.social.incoming.queryOptions(),
    trpc.inbox.list.queryOptions({ status: "pending" }),
    trpc.notifications.unreadCount.queryOptions(),
    trpc.approvals.pendingCount.queryOptions(),
  );
  const user = { name: session.user?.name ?? session.user?.email ?? "You", email: session.user?.email ?? "" };
  return (
    <HydrateClient>
      <AppShell user={user}>{children}</AppShell>
    </HydrateClient>
  );
}
