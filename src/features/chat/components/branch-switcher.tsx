"use client";

import { Button } from "@/components/ui/button";

interface BranchItem {
  id: string;
  name: string;
  label: string;
}

/** "Branch 2 of 3" with previous/next buttons; shown when a conversation has more than one branch. */
export function BranchSwitcher({ items, index, disabled, onSwitch }: { items: BranchItem[]; index: number; disabled?: boolean; onSwitch: (id: string) => void }) {
  const current = items[index];
  return (
    <nav aria-label="Branches" className="flex items-center justify-between gap-2 border-b border-zinc-100 bg-zinc-50 px-4 py-1.5 text-xs text-zinc-600">
      <Button variant="ghost" size="sm" aria-label="Previous branch" disabled={disabled || index <= 0} onClick={() => onSwitch(items[index - 1].id)}>
        ‹ Prev
      </Button>
      <p className="min-w-0 truncate text-center" aria-live="polite">
        <span data-testid="branch-position" className="font-medium text-zinc-800">
          Branch {index + 1} of {items.length}
        </span>
        {current?.label && <span className="hidden sm:inline" title={current.label}> · {current.label}</span>}
      </p>
      <Button variant="ghost" size="sm" aria-label="Next branch" disabled={disabled || index >= items.length - 1} onClick={() => onSwitch(items[index + 1].id)}>
        Next ›
      </Button>
    </nav>
  );
}
