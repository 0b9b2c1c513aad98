import Link from "next/link";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control-class";

/** A plain GET form, so the filter works before any JavaScript has loaded. */
export function OutboxFilter({ to }: { to?: string }) {
  return (
    <form action="/dev/outbox" method="get" role="search" className="mt-6 flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="flex flex-1 flex-col gap-1.5">
        <label htmlFor="outbox-to" className="text-sm font-medium text-zinc-800">
          Recipient
        </label>
        <input id="outbox-to" name="to" type="email" defaultValue={to} placeholder="someone@example.com" className={`${controlClass} h-10`} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" className="flex-1 sm:flex-none">
          Filter
        </Button>
        {to && (
          <Link href="/dev/outbox" className="inline-flex h-10 items-center rounded-lg px-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100">
            Show all
          </Link>
        )}
      </div>
    </form>
  );
}
