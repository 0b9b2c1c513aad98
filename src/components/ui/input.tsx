"use client";

import clsx from "clsx";
import { forwardRef } from "react";
import { controlClass } from "./control-class";
import { useField } from "./field";

export const Input = forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, ...props },
  ref,
) {
  const field = useField();
  return (
    <input
      ref={ref}
      id={field?.id}
      aria-describedby={field?.describedBy}
      aria-invalid={field?.invalid || undefined}
      className={clsx(controlClass, "h-10", className)}
      {...props}
    />
  );
});
