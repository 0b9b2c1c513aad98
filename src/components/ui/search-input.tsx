import clsx from "clsx";
import { SearchIcon } from "./icons";
import { Input } from "./input";

/** A search box: a magnifier inside the field and an accessible name (lists of agents, workflows, people). */
export function SearchInput({ label, className, ...props }: Omit<React.ComponentProps<typeof Input>, "type"> & { label: string }) {
  return (
    <div className={clsx("relative", className)}>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
      <Input type="search" aria-label={label} className="pl-9" {...props} />
    </div>
  );
}
