"use client";

import clsx from "clsx";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useTRPC } from "@/lib/trpc/client";
import { ExternalIcon } from "@/components/ui/icons";
import { NavBadge } from "./nav-badge";
import { isActive, navItems } from "./nav-items";

const itemClass = "group flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors";

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  // The shell prefetches identity.me, so the admin items render the same on the server and in the browser.
  const me = useQuery(useTRPC().identity.me.queryOptions());
  const isAdmin = me.data?.role === "admin";
  return (
    <ul className="flex flex-col gap-0.5">
      {navItems.filter((item) => !item.adminOnly || isAdmin).map(({ href, label, icon: Icon, external, badge }) => {
        const active = !external && isActive(pathname, href);
        return (
          <li key={href}>
            {external ? (
              <a href={href} target="_blank" rel="noreferrer" className={clsx(itemClass, "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900")}>
                <Icon className="size-[18px] text-zinc-500 group-hover:text-zinc-700" />
                {label}
                <ExternalIcon className="ml-auto size-3.5 text-zinc-400" />
                <span className="sr-only">(opens in a new tab)</span>
              </a>
            ) : (
              <Link
                href={href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  itemClass,
                  active ? "bg-brand-50 text-brand-700" : "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900",
                )}
              >
                <Icon className={clsx("size-[18px]", active ? "text-brand-600" : "text-zinc-500 group-hover:text-zinc-700")} />
                {label}
                {badge && <NavBadge kind={badge} />}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}
