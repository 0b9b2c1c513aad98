import { BookIcon, HomeIcon, KeyIcon, UserIcon } from "@/components/ui/icons";

export interface NavItem {
  href: string;
  label: string;
  icon: (props: { className?: string }) => React.ReactNode;
  /** Opens in a new tab (the API docs are not part of the app shell). */
  external?: boolean;
}

/** Only areas that exist. Later slices add theirs here. */
export const navItems: NavItem[] = [
  { href: "/dashboard", label: "Home", icon: HomeIcon },
  { href: "/profile", label: "Profile", icon: UserIcon },
  { href: "/settings/api-keys", label: "API keys", icon: KeyIcon },
  { href: "/api/docs", label: "API docs", icon: BookIcon, external: true },
];

export const isActive = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);
