"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";
import { Spinner } from "@/components/ui/spinner";

/**
 * Fallback for the dashboard layout when there is no session. Pages redirect on the server with
 * their own path (requireSession); this only catches a page that forgot to.
 */
export function SignInRedirect() {
  const pathname = usePathname();
  const router = useRouter();
  useEffect(() => {
    router.replace(`/sign-in?callbackUrl=${encodeURIComponent(pathname + window.location.search)}`);
  }, [pathname, router]);
  return (
    <div className="flex min-h-dvh items-center justify-center text-zinc-500">
      <Spinner label="Redirecting to sign in" />
    </div>
  );
}
