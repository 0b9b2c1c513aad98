"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import clsx from "clsx";
import { useRef } from "react";
import { XIcon } from "./icons";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

interface DialogContentProps extends Omit<React.ComponentProps<typeof DialogPrimitive.Content>, "title"> {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** "center" is a modal card; "drawer" slides in from the left edge (phone navigation; title hidden, own close button). */
  variant?: "center" | "drawer";
  hideTitle?: boolean;
}

export function DialogContent({ title, description, variant = "center", hideTitle, className, children, onOpenAutoFocus, onCloseAutoFocus, ...props }: DialogContentProps) {
  // Radix returns focus to the Trigger; a dialog opened from code has none, so remember where
  // focus was when it opened and go back there (if that element is still on the page).
  const returnTo = useRef<HTMLElement | null>(null);
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[2px] data-[state=open]:animate-[fade-in_150ms_ease-out]" />
      <DialogPrimitive.Content
        className={clsx(
          "fixed z-50 bg-white shadow-xl focus:outline-none",
          variant === "center" &&
            "top-1/2 left-1/2 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-2xl p-5 sm:p-6 data-[state=open]:animate-[pop-in_150ms_ease-out]",
          variant === "drawer" &&
            "inset-y-0 left-0 flex w-[min(20rem,85vw)] flex-col border-r border-zinc-200 data-[state=open]:animate-[slide-in_200ms_ease-out]",
          className,
        )}
        {...(description ? {} : { "aria-describedby": undefined })}
        onOpenAutoFocus={(event) => {
          returnTo.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
          onOpenAutoFocus?.(event);
        }}
        onCloseAutoFocus={(event) => {
          onCloseAutoFocus?.(event);
          const target = returnTo.current;
          if (event.defaultPrevented || !target?.isConnected) return;
          event.preventDefault();
          target.focus();
        }}
        {...props}
      >
        <div className={clsx("flex items-start justify-between gap-4", (hideTitle || variant === "drawer") && "sr-only")}>
          <div>
            <DialogPrimitive.Title className="text-lg font-semibold text-zinc-900">{title}</DialogPrimitive.Title>
            {description && <DialogPrimitive.Description className="mt-1 text-sm text-zinc-600">{description}</DialogPrimitive.Description>}
          </div>
          {variant === "center" && (
            <DialogPrimitive.Close className="-mt-1 -mr-2 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900" aria-label="Close">
              <XIcon className="size-5" />
            </DialogPrimitive.Close>
          )}
        </div>
        <div className={clsx(variant === "center" && "mt-5")}>{children}</div>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogFooter({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={clsx("mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}
