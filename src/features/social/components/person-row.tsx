import clsx from "clsx";
import { Avatar } from "@/components/ui/avatar";

/** One person in a list: avatar, name, a line of detail, and actions on the right (below on phones). */
export function PersonRow({ name, avatarUrl, detail, extra, actions, className }: {
  name: string;
  avatarUrl?: string | null;
  detail?: React.ReactNode;
  extra?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
}) {
  return (
    <li className={clsx("flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:gap-4 sm:px-5", className)}>
      <div className="flex min-w-0 flex-1 items-start gap-3">
        <Avatar name={name} src={avatarUrl} />
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium text-zinc-900">{name}</p>
          {detail && <div className="mt-0.5 text-sm text-zinc-600">{detail}</div>}
          {extra}
        </div>
      </div>
      {actions && <div className="flex shrink-0 flex-wrap gap-2 pl-13 sm:pl-0">{actions}</div>}
    </li>
  );
}
