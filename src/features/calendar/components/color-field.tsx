"use client";

import clsx from "clsx";

export const COLORS = [
  { value: "#4f6ef7", name: "Blue" },
  { value: "#10b981", name: "Green" },
  { value: "#f59e0b", name: "Amber" },
  { value: "#ef4444", name: "Red" },
  { value: "#8b5cf6", name: "Violet" },
  { value: "#ec4899", name: "Pink" },
  { value: "#14b8a6", name: "Teal" },
  { value: "#64748b", name: "Slate" },
];

/** Colour swatches as a radio group (arrow keys move between them natively). */
export function ColorField({ value, onChange }: { value: string; onChange: (color: string) => void }) {
  const known = COLORS.some((c) => c.value.toLowerCase() === value.toLowerCase());
  const options = known ? COLORS : [...COLORS, { value, name: "Custom" }];
  return (
    <fieldset>
      <legend className="text-sm font-medium text-zinc-800">Colour</legend>
      <div className="mt-1.5 flex flex-wrap gap-2">
        {options.map((c) => {
          const checked = c.value.toLowerCase() === value.toLowerCase();
          return (
            <label key={c.value} className="relative cursor-pointer" title={c.name}>
              <input type="radio" name="color" value={c.value} checked={checked} onChange={() => onChange(c.value)} className="peer sr-only" aria-label={c.name} />
              <span
                aria-hidden="true"
                className={clsx(
                  "block size-7 rounded-full ring-offset-2 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500 peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
                  checked && "ring-2 ring-zinc-900",
                )}
                style={{ backgroundColor: c.value }}
              />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
