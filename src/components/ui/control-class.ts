import clsx from "clsx";

/** Shared look of text inputs and textareas (a plain module so server components can use it too). */
export const controlClass = clsx(
  "w-full rounded-lg border border-zinc-300 bg-white px-3 text-base text-zinc-900 shadow-xs sm:text-sm",
  "placeholder:text-zinc-400 transition-colors",
  "focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/40",
  "disabled:cursor-not-allowed disabled:bg-zinc-100 disabled:text-zinc-500 read-only:bg-zinc-50",
  "aria-invalid:border-red-500 aria-invalid:focus-visible:outline-red-500/40",
);
