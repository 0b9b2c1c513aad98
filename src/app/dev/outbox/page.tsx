import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Logo } from "@/components/logo";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon, RefreshIcon } from "@/components/ui/icons";
import { OutboxFilter } from "@/features/dev/components/outbox-filter";
import { OutboxMailCard } from "@/features/dev/components/outbox-mail-card";
import { codeIn, listOutbox } from "@/features/dev/service";
import { getDb } from "@/server/db";
import { canReadOutbox } from "@/features/dev/access";
import { firstParam, type SearchParams } from "@/lib/urls";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dev outbox", robots: { index: false } };

/**
 * Mail that would have been sent (no SMTP_URL): how a developer reads sign-up and reset codes on
 * their own machine. Anyone else gets the same 404 as in production (see canReadOutbox).
 */
export default async function OutboxPage({ searchParams }: { searchParams: SearchParams }) {
  if (!canReadOutbox(await headers())) notFound();
  const to = firstParam((await searchParams).to)?.trim() || undefined;
  const mails = await listOutbox(getDb(), { to });
  const here = to ? `/dev/outbox?to=${encodeURIComponent(to)}` : "/dev/outbox";

  return (
    <div className="min-h-dvh">
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex h-14 max-w-3xl items-center justify-between gap-4 px-4 sm:px-6">
          <Logo href="/dashboard" />
          <span className="rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium text-amber-900">Development only</span>
        </div>
      </header>
      <main className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-10">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Dev outbox</h1>
            <p className="mt-1 text-sm text-zinc-600">
              No SMTP server is configured, so e-mail lands here instead. Newest first, up to 50.
            </p>
          </div>
          <Link href={here} className={buttonClass("secondary", "md", "self-start sm:self-auto")} prefetch={false}>
            <RefreshIcon />
            Refresh
          </Link>
        </div>
        <OutboxFilter to={to} />
        {mails.length === 0 ? (
          <div className="mt-6 rounded-xl border border-dashed border-zinc-300 bg-white">
            <EmptyState
              icon={<InboxIcon />}
              title={to ? `No mail for ${to}` : "No mail yet"}
              description="Sign up or reset a password and the message shows up here. Refresh to check again."
            />
          </div>
        ) : (
          <ul className="mt-6 flex flex-col gap-4" aria-label="Mail">
            {mails.map((mail) => (
              <li key={mail.id}>
                <OutboxMailCard mail={mail} code={codeIn(mail.text)} />
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
