"use client";

import clsx from "clsx";
import { createContext, useContext, useId } from "react";
import { Label } from "./label";

interface FieldState {
  id: string;
  describedBy?: string;
  invalid: boolean;
}

const FieldContext = createContext<FieldState | null>(null);

/** Inputs inside a <Field> pick up its id, aria-describedby and aria-invalid from here. */
export const useField = () => useContext(FieldContext);

interface FieldProps {
  label: React.ReactNode;
  /** Shown under the input in red; marks the input aria-invalid. */
  error?: string;
  /** Muted help text under the input (hidden while there is an error). */
  hint?: React.ReactNode;
  /** Something on the right of the label row (a counter, a link). */
  aside?: React.ReactNode;
  id?: string;
  className?: string;
  children: React.ReactNode;
}

export function Field({ label, error, hint, aside, id, className, children }: FieldProps) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  // The error replaces the hint (they often say the same thing).
  const showHint = Boolean(hint) && !error;
  const hintId = showHint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <FieldContext.Provider value={{ id: fieldId, describedBy, invalid: Boolean(error) }}>
      <div className={clsx("flex flex-col gap-1.5", className)}>
        <div className="flex items-baseline justify-between gap-2">
          <Label htmlFor={fieldId}>{label}</Label>
          {aside}
        </div>
        {children}
        {error && (
          <p id={errorId} className="text-sm text-red-700">
            {error}
          </p>
        )}
        {showHint && (
          <p id={hintId} className="text-xs text-zinc-500">
            {hint}
          </p>
        )}
      </div>
    </FieldContext.Provider>
  );
}
