"use client";

import clsx from "clsx";
import { forwardRef } from "react";

interface CheckboxProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: React.ReactNode;
  /** Muted text under the label. */
  description?: React.ReactNode;
}

/** A native checkbox with its label (the whole row is clickable); disabled rows are greyed out. */
export const Checkbox = forwardRef<HTMLInputElement, CheckboxProps>(function Checkbox({ label, description, className, disabled, ...props }, ref) {
  return (
    <label className={clsx("flex items-start gap-2.5 text-sm", disabled ? "cursor-not-allowed text-zinc-400" : "cursor-pointer text-zinc-800", className)}>
      <input
        ref={ref}
        type="checkbox"
        disabled={disabled}
        className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-brand-600 disabled:cursor-not-allowed"
        {...props}
      />
      <span className="min-w-0">
        <span className="font-medium">{label}</span>
        {description && <span className={clsx("block text-xs", disabled ? "text-zinc-400" : "text-zinc-500")}>{description}</span>}
      </span>
    </label>
  );
});
