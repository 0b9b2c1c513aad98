"use client";

import { useMutation } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CheckIcon } from "@/components/ui/icons";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { VerifyResult } from "../schemas";
import { formatCount } from "./labels";

/** The Verify button and what it found: "Chain valid, 1,042 entries", or the first broken entry. */
export function useVerify() {
  const trpc = useTRPC();
  return useMutation(trpc.audit.verify.mutationOptions());
}

export function VerifyButton({ verify }: { verify: ReturnType<typeof useVerify> }) {
  return (
    <Button onClick={() => verify.mutate()} loading={verify.isPending}>
      <CheckIcon />
      Verify chain
    </Button>
  );
}

export function VerifyResultBanner({ verify }: { verify: ReturnType<typeof useVerify> }) {
  if (verify.isError) return <Alert className="mb-6">Could not verify the chain: {errorText(verify.error)}</Alert>;
  const result: VerifyResult | undefined = verify.data;
  if (!result) return null;
  return (
    <div role="status" aria-live="polite" className="mb-6">
      {result.status === "valid" ? (
        <Alert tone="info">
          <p className="font-medium text-zinc-900">
            Chain valid, {formatCount(result.chain_length)} {result.chain_length === 1 ? "entry" : "entries"}
          </p>
          <p className="text-zinc-600">
            Every link, hash and seal checks out
            {result.checkpoints_verified > 0 ? `, and ${formatCount(result.checkpoints_verified)} signed ${result.checkpoints_verified === 1 ? "checkpoint" : "checkpoints"}` : ""}.
          </p>
        </Alert>
      ) : (
        <Alert tone="error">
          <p className="font-medium">
            Chain broken at entry {formatCount(result.broken_entry ?? 0)} ({result.reason})
          </p>
          <p>{result.message}</p>
          <p className="mt-1 text-red-700">{formatCount(result.chain_length)} entries before it verified.</p>
        </Alert>
      )}
    </div>
  );
}
