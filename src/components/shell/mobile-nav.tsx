"use client";

import { useState } from "react";
import { Logo } from "@/components/logo";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { MenuIcon, XIcon } from "@/components/ui/icons";
import { NavLinks } from "./nav-links";

/** Phones: a hamburger that opens the navigation as a drawer. */
export function MobileNav() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" className="-ml-2 md:hidden" aria-label="Open navigation">
          <MenuIcon className="size-5" />
        </Button>
      </DialogTrigger>
      <DialogContent variant="drawer" title="Navigation">
        <div className="flex h-16 items-center justify-between border-b border-zinc-100 px-4">
          <Logo href="/dashboard" />
          <DialogClose asChild>
            <Button variant="ghost" size="icon" aria-label="Close navigation">
              <XIcon className="size-5" />
            </Button>
          </DialogClose>
        </div>
        <nav aria-label="Main" className="p-3">
          <NavLinks onNavigate={() => setOpen(false)} />
        </nav>
      </DialogContent>
    </Dialog>
  );
}
