"use client";

import { SessionProvider } from "next-auth/react";
import { Toaster } from "sonner";
import { TRPCReactProvider } from "@/lib/trpc/client";

export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <SessionProvider>
      <TRPCReactProvider>
        {children}
        <Toaster richColors closeButton position="top-center" />
      </TRPCReactProvider>
    </SessionProvider>
  );
}
