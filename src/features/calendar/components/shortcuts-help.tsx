"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { KeyboardIcon } from "@/components/ui/icons";

const SHORTCUTS: [string[], string][] = [
  [["←", "→", "↑", "↓"], "Move the focused day (in the grid)"],
  [["Enter"], "New event on the focused day"],
  [["t"], "Go to today"],
  [["m", "w", "d"], "Month, week or day view"],
  [["PageUp", "PageDown"], "Previous or next period"],
  [["?"], "Show these shortcuts"],
];

export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {/* Phones show the agenda, which has no keyboard shortcuts. */}
      <div className="hidden md:block">
        <DialogTrigger asChild>
          <Button variant="ghost" size="icon" aria-label="Keyboard shortcuts">
            <KeyboardIcon className="size-5" />
          </Button>
        </DialogTrigger>
      </div>
      <DialogContent title="Keyboard shortcuts" description="In the week and month grid, and anywhere on the page when no field has focus.">
        <dl className="flex flex-col divide-y divide-zinc-100 text-sm">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={what} className="flex items-center justify-between gap-4 py-2">
              <dt className="text-zinc-700">{what}</dt>
              <dd className="flex shrink-0 gap-1">
                {keys.map((k) => (
                  <kbd key={k} className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs text-zinc-800 shadow-xs">{k}</kbd>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
