import clsx from "clsx";

/** A handful of stroke icons (24×24 grid, Lucide style), drawn inline so no icon package is needed. */
type IconProps = { className?: string };

function icon(name: string, body: React.ReactNode) {
  function Icon({ className }: IconProps) {
    return (
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        className={clsx("size-4 shrink-0", className)}
      >
        {body}
      </svg>
    );
  }
  Icon.displayName = `${name}Icon`;
  return Icon;
}

export const MenuIcon = icon("Menu", <path d="M4 6h16M4 12h16M4 18h16" />);
export const XIcon = icon("X", <path d="M18 6 6 18M6 6l12 12" />);
export const HomeIcon = icon("Home", <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z" />);
export const UserIcon = icon("User", <><circle cx="12" cy="8" r="4" /><path d="M4 21a8 8 0 0 1 16 0" /></>);
export const UsersIcon = icon(
  "Users",
  <><circle cx="9" cy="7" r="4" /><path d="M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M22 21v-2a4 4 0 0 0-3-3.87M16 3.13a4 4 0 0 1 0 7.75" /></>,
);
export const KeyIcon = icon("Key", <><circle cx="7.5" cy="15.5" r="5.5" /><path d="m21 2-9.6 9.6M15.5 7.5l3 3L22 7l-3-3" /></>);
export const BookIcon = icon("Book", <path d="M2 4h6a4 4 0 0 1 4 4v13a3 3 0 0 0-3-3H2zM22 4h-6a4 4 0 0 0-4 4v13a3 3 0 0 1 3-3h7z" />);
export const ExternalIcon = icon("External", <path d="M15 3h6v6M10 14 21 3M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6" />);
export const CopyIcon = icon("Copy", <><rect x="8" y="8" width="14" height="14" rx="2" /><path d="M4 16a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2" /></>);
export const CheckIcon = icon("Check", <path d="M20 6 9 17l-5-5" />);
export const LogOutIcon = icon("LogOut", <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9" />);
export const ChevronDownIcon = icon("ChevronDown", <path d="m6 9 6 6 6-6" />);
export const PlusIcon = icon("Plus", <path d="M12 5v14M5 12h14" />);
export const TrashIcon = icon("Trash", <path d="M3 6h18M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2" />);
export const AlertIcon = icon("Alert", <path d="M10.29 3.86 1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0zM12 9v4M12 17h.01" />);
export const InboxIcon = icon(
  "Inbox",
  <path d="M22 12h-6l-2 3h-4l-2-3H2M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z" />,
);
export const RefreshIcon = icon("Refresh", <path d="M21 12a9 9 0 1 1-2.64-6.36L21 8M21 3v5h-5" />);
export const ActivityIcon = icon("Activity", <path d="M22 12h-4l-3 9L9 3l-3 9H2" />);
export const TerminalIcon = icon("Terminal", <path d="m4 17 6-6-6-6M12 19h8" />);
export const MailIcon = icon("Mail", <><rect x="2" y="4" width="20" height="16" rx="2" /><path d="m22 7-10 6L2 7" /></>);
export const ArrowRightIcon = icon("ArrowRight", <path d="M5 12h14M12 5l7 7-7 7" />);
export const InfoIcon = icon("Info", <><circle cx="12" cy="12" r="10" /><path d="M12 16v-4M12 8h.01" /></>);
export const CalendarIcon = icon("Calendar", <><rect x="3" y="4" width="18" height="18" rx="2" /><path d="M16 2v4M8 2v4M3 10h18" /></>);
export const BellIcon = icon("Bell", <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />);
export const ChevronLeftIcon = icon("ChevronLeft", <path d="m15 18-6-6 6-6" />);
export const ChevronRightIcon = icon("ChevronRight", <path d="m9 18 6-6-6-6" />);
export const RepeatIcon = icon("Repeat", <path d="m17 2 4 4-4 4M3 11v-1a4 4 0 0 1 4-4h14M7 22l-4-4 4-4M21 13v1a4 4 0 0 1-4 4H3" />);
export const ShareIcon = icon("Share", <><circle cx="18" cy="5" r="3" /><circle cx="6" cy="12" r="3" /><circle cx="18" cy="19" r="3" /><path d="m8.59 13.51 6.83 3.98M15.41 6.51l-6.82 3.98" /></>);
export const SearchIcon = icon("Search", <><circle cx="11" cy="11" r="8" /><path d="m21 21-4.3-4.3" /></>);
export const UserPlusIcon = icon("UserPlus", <><circle cx="9" cy="7" r="4" /><path d="M2 21v-2a4 4 0 0 1 4-4h6a4 4 0 0 1 4 4v2M19 8v6M22 11h-6" /></>);
export const ClockIcon = icon("Clock", <><circle cx="12" cy="12" r="10" /><path d="M12 6v6l4 2" /></>);
export const MapPinIcon = icon("MapPin", <><path d="M20 10c0 6-8 12-8 12s-8-6-8-12a8 8 0 0 1 16 0" /><circle cx="12" cy="10" r="3" /></>);
export const KeyboardIcon = icon("Keyboard", <><rect x="2" y="4" width="20" height="16" rx="2" /><path d="M6 8h.01M10 8h.01M14 8h.01M18 8h.01M6 12h.01M10 12h.01M14 12h.01M18 12h.01M7 16h10" /></>);
export const RssIcon = icon("Rss", <><path d="M4 11a9 9 0 0 1 9 9M4 4a16 16 0 0 1 16 16" /><circle cx="5" cy="19" r="1" /></>);
export const LockIcon = icon("Lock", <><rect x="3" y="11" width="18" height="11" rx="2" /><path d="M7 11V7a5 5 0 0 1 10 0v4" /></>);
/** Three boxes joined by lines: a workflow graph. */
export const WorkflowIcon = icon("Workflow", <><rect x="3" y="3" width="6" height="6" rx="1" /><rect x="15" y="15" width="6" height="6" rx="1" /><rect x="15" y="3" width="6" height="6" rx="1" /><path d="M9 6h6M18 9v6" /></>);
