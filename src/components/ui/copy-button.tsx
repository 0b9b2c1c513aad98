"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button, type ButtonProps } from "./button";
import { CheckIcon, CopyIcon } from "./icons";

interface CopyButtonProps extends Omit<ButtonProps, "onClick" | "value"> {
  value: string;
  /** Visible text; the accessible name says what is copied. */
  label?: string;
  what?: string;
}

export async function copyText(value: string) {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    return false;
  }
}

export function CopyButton({ value, label = "Copy", what, variant = "secondary", size = "sm", ...props }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    if (await copyText(value)) setCopied(true);
    else toast.error("Could not copy. Select the text and copy it by hand.");
  }

  return (
    <Button variant={variant} size={size} onClick={copy} aria-label={what ? `Copy ${what}` : undefined} {...props}>
      {copied ? <CheckIcon className="text-emerald-600" /> : <CopyIcon />}
      {size !== "icon" && <span aria-live="polite">{copied ? "Copied" : label}</span>}
    </Button>
  );
}
