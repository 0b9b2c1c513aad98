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
  await prefetch(trpc.identity.me.queryOptions());
  const user = { name: session.user?.name ?? session.user?.email ?? "You", email: session.user?.email ?? "" };
  return (
    <HydrateClient>
      <AppShell user={user}>{children}</AppShell>
    </HydrateClient>
  );
}
