"use client";

import clsx from "clsx";
import { useState } from "react";

const sizes = { sm: "size-8 text-xs", md: "size-10 text-sm", lg: "size-14 text-lg", xl: "size-20 text-2xl" } as const;

export function initialsOf(name: string) {
  const parts = name.replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? "?").slice(0, 2);
  return letters.toUpperCase();
}

export const isHttpUrl = (value: string | null | undefined) => {
  if (!value) return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** A round picture, or the name's initials when there is no usable URL or the image fails to load. */
export function Avatar({ name, src, size = "md", className }: { name: string; src?: string | null; size?: keyof typeof sizes; className?: string }) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const usable = isHttpUrl(src) && failedSrc !== src;
  return (
    <span
      className={clsx(
        "inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full bg-brand-100 font-semibold text-brand-700 ring-1 ring-black/5",
        sizes[size],
        className,
      )}
    >
      {usable ? (
        // eslint-disable-next-line @next/next/no-img-element -- arbitrary user URLs; next/image needs configured hosts
        <img src={src!} alt="" className="size-full object-cover" onError={() => setFailedSrc(src!)} referrerPolicy="no-referrer" />
      ) : (
        <span aria-hidden="true">{initialsOf(name)}</span>
      )}
    </span>
  );
}
