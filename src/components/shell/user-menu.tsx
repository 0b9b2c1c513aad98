"use client";

import { useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { BookIcon, ChevronDownIcon, ExternalIcon, KeyIcon, LogOutIcon, UserIcon } from "@/components/ui/icons";
import { useTRPC } from "@/lib/trpc/client";

/** Avatar + username in the top bar; the menu holds the account links and sign-out. */
export function UserMenu({ fallback }: { fallback: { name: string; email: string } }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.identity.me.queryOptions());
  const name = me.data?.username ?? fallback.name;
  const email = me.data?.email ?? fallback.email;

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={`Account menu (${name})`}
        className="flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm font-medium text-zinc-800 hover:bg-zinc-100 data-[state=open]:bg-zinc-100"
      >
        <Avatar name={name} src={me.data?.avatar_url} size="sm" />
        <span className="hidden max-w-40 truncate sm:inline">{name}</span>
        <ChevronDownIcon className="text-zinc-500" />
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>
          <span className="block truncate font-medium text-zinc-900">{name}</span>
          <span className="block truncate text-xs text-zinc-500">{email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/profile">
            <UserIcon className="text-zinc-500" /> Profile
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/settings/api-keys">
            <KeyIcon className="text-zinc-500" /> API keys
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href="/api/docs" target="_blank" rel="noreferrer">
            <BookIcon className="text-zinc-500" /> API docs
            <ExternalIcon className="ml-auto size-3.5 text-zinc-400" />
          </a>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut({ callbackUrl: "/sign-in" })}>
          <LogOutIcon className="text-zinc-500" /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
