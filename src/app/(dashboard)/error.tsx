"use client";

import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Card>
      <ErrorState message={error.digest ? `Reference: ${error.digest}` : "This page failed to load."} onRetry={reset} />
    </Card>
  );
}
