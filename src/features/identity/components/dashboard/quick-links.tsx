import Link from "next/link";
import { ActivityIcon, ArrowRightIcon, BookIcon, ExternalIcon, KeyIcon, UserIcon } from "@/components/ui/icons";

const links = [
  { href: "/profile", title: "Profile", text: "Username, avatar and bio", icon: UserIcon },
  { href: "/settings/api-keys", title: "API keys", text: "Keys for scripts and agents", icon: KeyIcon },
  { href: "/api/docs", title: "API docs", text: "Every endpoint, try it live", icon: BookIcon, external: true },
  { href: "/health", title: "Health", text: "Is the server up?", icon: ActivityIcon, external: true },
];

const cardClass =
  "group flex h-full items-start gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs transition hover:border-brand-200 hover:shadow-sm";

export function QuickLinks() {
  return (
    <nav aria-label="Quick links">
      <ul className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 lg:grid-cols-4">
        {links.map(({ href, title, text, icon: Icon, external }) => {
          const body = (
            <>
              <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600">
                <Icon className="size-[18px]" />
              </span>
              <span className="min-w-0 flex-1">
                <span className="flex items-center gap-1.5 text-sm font-medium text-zinc-900">
                  {title}
                  {external ? (
                    <ExternalIcon className="size-3.5 text-zinc-400" />
                  ) : (
                    <ArrowRightIcon className="size-3.5 text-zinc-400 transition-transform group-hover:translate-x-0.5" />
                  )}
                </span>
                <span className="mt-0.5 block text-xs text-zinc-600">{text}</span>
              </span>
            </>
          );
          return (
            <li key={href}>
              {external ? (
                <a href={href} target="_blank" rel="noreferrer" className={cardClass}>
                  {body}
                  <span className="sr-only">(opens in a new tab)</span>
                </a>
              ) : (
                <Link href={href} className={cardClass}>
                  {body}
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
