"use client";

import clsx from "clsx";
import { useRef } from "react";
import { CountBadge } from "./badge";

export interface TabItem<T extends string> {
  value: T;
  label: string;
  count?: number;
}

/**
 * WAI-ARIA tabs (arrow keys, Home/End move and select). The panel is the caller's: give it
 * `id={tabPanelId(idBase)}` and `aria-labelledby={tabId(idBase, value)}`.
 */
export function Tabs<T extends string>({ items, value, onChange, label, idBase, className }: {
  items: TabItem<T>[];
  value: T;
  onChange: (value: T) => void;
  label: string;
  idBase: string;
  className?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const last = items.length - 1;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = (next + items.length) % items.length;
    onChange(items[target].value);
    refs.current[target]?.focus();
  }
  return (
    <div role="tablist" aria-label={label} className={clsx("flex gap-1 overflow-x-auto border-b border-zinc-200", className)}>
      {items.map((item, index) => {
        const selected = item.value === value;
        return (
          <button
            key={item.value}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={tabId(idBase, item.value)}
            aria-selected={selected}
            aria-controls={tabPanelId(idBase)}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(item.value)}
            onKeyDown={(e) => onKeyDown(e, index)}
            className={clsx(
              "-mb-px flex shrink-0 items-center gap-2 border-b-2 px-3 py-2.5 text-sm font-medium transition-colors focus-visible:outline-offset-[-2px]",
              selected ? "border-brand-600 text-brand-700" : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
            )}
          >
            {item.label}
            <CountBadge count={item.count} tone={selected ? "brand" : "muted"} />
          </button>
        );
      })}
    </div>
  );
}

export const tabId = (idBase: string, value: string) => `${idBase}-tab-${value}`;
export const tabPanelId = (idBase: string) => `${idBase}-panel`;
