import { Button } from "./button";
import { ChevronLeftIcon, ChevronRightIcon } from "./icons";

/** Previous / next under a paged list, with "Page 2 of 5 · 93 agents"; nothing when it fits one page. */
export function Pager({ page, pageSize, total, what, onPage }: { page: number; pageSize: number; total: number; what: string; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2 text-sm text-zinc-600">
      <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <ChevronLeftIcon className="size-4" />
        Previous
      </Button>
      <span aria-live="polite">
        Page {page} of {pages} · {total} {what}
      </span>
      <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
        <ChevronRightIcon className="size-4" />
      </Button>
    </nav>
  );
}
