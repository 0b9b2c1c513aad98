"use client";

import clsx from "clsx";
import { forwardRef } from "react";
import { controlClass } from "./control-class";
import { useField } from "./field";

/** A native <select> styled like the other inputs; inside a <Field> it picks up the label. */
export const Select = forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement>>(function Select({ className, ...props }, ref) {
  const field = useField();
  return (
    <select
      ref={ref}
      id={field?.id}
      aria-describedby={field?.describedBy}
      aria-invalid={field?.invalid || undefined}
      className={clsx(controlClass, "h-10 pr-8", className)}
      {...props}
    />
  );
});
