"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** Seconds left until `iso`, ticking once a second (0 when past). */
function useSecondsLeft(iso: string | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!iso) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [iso]);
  return iso ? Math.max(0, Math.floor((Date.parse(iso) - now) / 1000)) : 0;
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/**
 * Asks for a pairing code when opened and shows it big, with the time left; once it expires, a new
 * one is a click away. The device list refreshes while the dialog is open, so the new device shows.
 */
export function PairingCodeDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const request = useMutation(trpc.network.requestCode.mutationOptions());
  const { mutate, reset } = request;
  const secondsLeft = useSecondsLeft(request.data?.expires_at);
  useEffect(() => {
    if (open) mutate();
    else reset();
  }, [open, mutate, reset]);
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: trpc.network.devices.queryKey() }), 3_000);
    return () => clearInterval(timer);
  }, [open, queryClient, trpc]);
  const expired = request.data !== undefined && secondsLeft === 0;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Pair a device" description="Type this code on the phone or other device. It works once.">
        <div className="flex flex-col items-center gap-3 py-4" aria-live="polite">
          {request.isError && <Alert>{errorText(request.error)}</Alert>}
          {request.isPending && <Spinner label="Asking for a code" />}
          {request.data && (
            <>
              <p
                className={`font-mono text-4xl font-semibold tracking-[0.2em] sm:text-5xl ${expired ? "text-zinc-400 line-through" : "text-zinc-900"}`}
                data-testid="pairing-code"
                aria-label={`Pairing code ${request.data.pairing_code.split("").join(" ")}`}
              >
                {request.data.pairing_code}
              </p>
              <p className="text-sm text-zinc-600" data-testid="pairing-countdown">
                {expired ? "This code has expired." : <>Expires in <span className="font-medium tabular-nums">{clock(secondsLeft)}</span></>}
              </p>
            </>
          )}
          <p className="text-center text-xs text-zinc-500">
            The device sends it to <code className="font-mono">POST /api/pairing/complete</code> with its name and a Web Push subscription or webhook URL.
          </p>
        </div>
        <DialogFooter>
          {(expired || request.isError) && (
            <Button type="button" variant="secondary" onClick={() => mutate()} loading={request.isPending}>New code</Button>
          )}
          <DialogClose asChild>
            <Button type="button">Done</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
