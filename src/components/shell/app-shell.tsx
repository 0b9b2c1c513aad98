import { Logo } from "@/components/logo";
import { LiveEvents } from "@/features/notifications/components/live-events";
import { NotificationBell } from "@/features/notifications/components/notification-bell";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

/** Sidebar on md and up, a top bar everywhere (with the drawer button on phones), content on the right. */
export function AppShell({ user, children }: { user: { name: string; email: string }; children: React.ReactNode }) {
  return (
    <div className="min-h-dvh md:pl-64">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-4 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-zinc-200 bg-white md:flex">
        <div className="flex h-16 items-center px-5">
          <Logo href="/dashboard" />
        </div>
        <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
          <NavLinks />
        </nav>
        <p className="border-t border-zinc-100 px-5 py-4 text-xs text-zinc-500">Atrium · open source, Apache-2.0</p>
      </aside>
      <header className="sticky top-0 z-30 flex h-16 items-center gap-2 border-b border-zinc-200 bg-white/85 px-4 backdrop-blur sm:px-6 md:px-8">
        <MobileNav />
        <Logo href="/dashboard" className="md:hidden" />
        <div className="ml-auto flex items-center gap-1 sm:gap-2">
          <NotificationBell />
          <UserMenu fallback={user} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl px-4 py-6 focus:outline-none sm:px-6 md:px-8 md:py-10">
        {children}
      </main>
      <LiveEvents />
    </div>
  );
}
