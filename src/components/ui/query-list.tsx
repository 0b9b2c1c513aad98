import clsx from "clsx";
import { errorText } from "@/lib/form-errors";
import { ErrorState } from "./error-state";
import { Skeleton } from "./spinner";

/** The parts of a TanStack query result a list needs (any `useQuery` result fits). */
export interface ListQuery<T> {
  data: T | undefined;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/**
 * A list's four states in one place: the error (with Try again), the loading skeleton, the empty
 * state and the rows. `what` names the list in the messages ("your agents": "Could not load your
 * agents", "Loading your agents"). Renders no card of its own, so it fits a Card or a tab panel.
 */
export function QueryList<T>({ query, what, isEmpty, empty, skeleton, children }: {
  query: ListQuery<T>;
  what: string;
  isEmpty: (data: T) => boolean;
  empty: React.ReactNode;
  skeleton?: React.ReactNode;
  children: (data: T) => React.ReactNode;
}) {
  if (query.isError) {
    return <ErrorState title={`Could not load ${what}`} message={errorText(query.error)} onRetry={() => query.refetch()} retrying={query.isFetching} />;
  }
  if (query.data === undefined) return skeleton ?? <ListSkeleton label={`Loading ${what}`} />;
  if (isEmpty(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}

/** Placeholder rows: an optional avatar, two lines of text and an optional button on the right. */
export function ListSkeleton({ label, rows = 3, avatar = false, action = false, className }: {
  label: string;
  rows?: number;
  avatar?: boolean;
  action?: boolean;
  className?: string;
}) {
  return (
    <div className={clsx("divide-y divide-zinc-100", className)} aria-busy="true">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-3 px-5 py-4">
          {avatar && <Skeleton className="size-10 shrink-0 rounded-full" />}
          <div className="flex flex-1 flex-col gap-2">
            <Skeleton className="h-4 w-32 max-w-full" />
            <Skeleton className="h-3 w-48 max-w-full" />
          </div>
          {action && <Skeleton className="h-8 w-20 shrink-0" />}
        </div>
      ))}
    </div>
  );
}
