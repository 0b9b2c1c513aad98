"use client";

import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useState } from "react";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { EditorScreen } from "./editor-screen";

/** The workflow editor: loads the workflow, then the canvas (remounted only on an explicit reload). */
export function WorkflowEditor({ id }: { id: string }) {
  const trpc = useTRPC();
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id }));
  const [generation, setGeneration] = useState(0);
  if (workflow.isError) {
    return <ErrorState title="Could not open the workflow" message={errorText(workflow.error)} onRetry={() => workflow.refetch()} retrying={workflow.isFetching} />;
  }
  if (!workflow.data) {
    return (
      <div aria-busy="true" className="flex flex-col gap-3">
        <span className="sr-only">Loading the workflow</span>
        <Skeleton className="h-10 w-64" />
        <Skeleton className="h-[60vh] w-full" />
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <EditorScreen
        key={generation}
        workflow={workflow.data}
        onReload={async () => {
          await workflow.refetch();
          setGeneration((g) => g + 1);
        }}
      />
    </ReactFlowProvider>
  );
}
