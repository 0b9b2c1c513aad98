"use client";

import * as LabelPrimitive from "@radix-ui/react-label";
import clsx from "clsx";

export function Label({ className, ...props }: React.ComponentProps<typeof LabelPrimitive.Root>) {
  return <LabelPrimitive.Root className={clsx("text-sm font-medium text-zinc-800", className)} {...props} />;
}
