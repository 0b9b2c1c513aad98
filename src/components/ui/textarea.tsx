"use client";

import clsx from "clsx";
import { forwardRef } from "react";
import { useField } from "./field";
import { controlClass } from "./control-class";

export const Textarea = forwardRef<HTMLTextAreaElement, React.TextareaHTMLAttributes<HTMLTextAreaElement>>(function Textarea(
  { className, rows = 4, ...props },
  ref,
) {
  const field = useField();
  return (
    <textarea
      ref={ref}
      id={field?.id}
      aria-describedby={field?.describedBy}
      aria-invalid={field?.invalid || undefined}
      rows={rows}
      className={clsx(controlClass, "resize-y py-2 leading-relaxed", className)}
      {...props}
    />
  );
});
