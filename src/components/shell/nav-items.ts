import { ActivityIcon, BookIcon, CalendarIcon, CheckIcon, ClockIcon, HomeIcon, InboxIcon, KeyIcon, LockIcon, ShareIcon, TerminalIcon, UserIcon, UserPlusIcon, UsersIcon, WorkflowIcon } from "@/components/ui/icons";

export interface NavItem {
  href: string;
  label: string;
  icon: (props: { className?: string }) => React.ReactNode;
  /** Opens in a new tab (the API docs are not part of the app shell). */
  external?: boolean;
  /** A live count next to the label (see nav-badge.tsx). */
  badge?: "friends" | "inbox" | "approvals";
  /** Shown to administrators only (the page itself still checks). */
  adminOnly?: boolean;
}

/** Only areas that exist. Later slices add theirs here. */
export const navItems: NavItem[] = [
  { href: "/dashboard", label: "Home", icon: HomeIcon },
  { href: "/friends", label: "Friends", icon: UsersIcon, badge: "friends" },
  { href: "/inbox", label: "Inbox", icon: InboxIcon, badge: "inbox" },
  { href: "/calendar", label: "Calendar", icon: CalendarIcon },
  { href: "/agents", label: "Agents", icon: ActivityIcon },
  { href: "/mesh", label: "Agent mesh", icon: UsersIcon },
  { href: "/comms", label: "Comms", icon: ActivityIcon },
  { href: "/network", label: "Network", icon: ShareIcon },
  { href: "/workflows", label: "Workflows", icon: WorkflowIcon },
  { href: "/gateway", label: "Model gateway", icon: TerminalIcon },
  { href: "/approvals", label: "Approvals", icon: CheckIcon, badge: "approvals" },
  { href: "/profile", label: "Profile", icon: UserIcon },
  { href: "/settings/api-keys", label: "API keys", icon: KeyIcon },
  { href: "/settings/models", label: "Models", icon: TerminalIcon },
  { href: "/settings/mcp", label: "MCP servers", icon: WorkflowIcon },
  { href: "/settings/a2a", label: "A2A agents", icon: UsersIcon },
  { href: "/settings/security", label: "Security", icon: LockIcon },
  { href: "/roles", label: "Roles", icon: UserPlusIcon, adminOnly: true },
  { href: "/audit", label: "Audit", icon: ClockIcon, adminOnly: true },
  { href: "/api/docs", label: "API docs", icon: BookIcon, external: true },
];

export const isActive = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);
