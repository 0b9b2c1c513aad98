"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Background, Controls, MiniMap, ReactFlow, useNodesInitialized, useReactFlow, type OnConnectEnd } from "@xyflow/react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { XIcon } from "@/components/ui/icons";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { NODE_CATALOG, type DefinitionIssue } from "../../definition";
import type { workflow as workflowSchema } from "../../schemas";
import { toLiveRun } from "../run/step-details";
import { useRunEvents } from "../run/use-run-events";
import { useMediaQuery } from "../use-media-query";
import type { Pickers } from "./config-form";
import { ConflictDialog, RunDialog, SaveDialog, ShortcutsDialog } from "./dialogs";
import { graphKey, toFlow } from "./graph";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout";
import { DRAG_MIME, Palette, type PaletteItem } from "./palette";
import { SidePanel, type PanelTab } from "./side-panel";
import { EditorToolbar } from "./toolbar";
import { useEditorGraph } from "./use-editor-graph";
import { useUnsavedGuard } from "./use-unsaved-guard";
import { canConnect, validateDefinition } from "./validation";
import { nodeTypes } from "./workflow-node";
import type { z } from "zod";

type Workflow = z.infer<typeof workflowSchema>;

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || Boolean(target.closest("[role=dialog]")));

export function EditorScreen({ workflow, onReload }: { workflow: Workflow; onReload: () => Promise<void> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const graph = useEditorGraph(workflow.definition);
  const wide = useMediaQuery("(min-width: 1024px)");
  const canvasRef = useRef<HTMLDivElement>(null);

  const [name, setName] = useState(workflow.name);
  const [description, setDescription] = useState(workflow.description);
  const [version, setVersion] = useState(workflow.version);
  const [saved, setSaved] = useState(() => ({ key: graphKey(toFlow(workflow.definition)), name: workflow.name, description: workflow.description }));
  const dirty = graph.key !== saved.key || name !== saved.name || description !== saved.description;
  const readOnly = workflow.access === "view" || workflow.access === "use";

  const [tab, setTab] = useState<PanelTab>("workflow");
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const [saveOpen, setSaveOpen] = useState(false);
  const [runOpen, setRunOpen] = useState(false);
  const [runError, setRunError] = useState<string>();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const guard = useUnsavedGuard(dirty);

  // Validation follows every edit (the engine's own rules, well under a millisecond for small graphs).
  const definition = useMemo(() => graph.definitionNow(), [graph.nodes, graph.edges]); // eslint-disable-line react-hooks/exhaustive-deps
  const issues = useMemo(() => validateDefinition(definition), [definition]);
  const issuesByNode = useMemo(() => {
    const map = new Map<string, DefinitionIssue[]>();
    for (const issue of issues) if (issue.node_id) map.set(issue.node_id, [...(map.get(issue.node_id) ?? []), issue]);
    return map;
  }, [issues]);

  const runQuery = useQuery({ ...trpc.workflows.runs.get.queryOptions({ id: runId ?? "" }), enabled: Boolean(runId) });
  const live = useRunEvents(runQuery.data ? toLiveRun(runQuery.data) : null);

  const shownNodes = useMemo(
    () =>
      graph.nodes.map((n) => {
        const nodeIssues = issuesByNode.get(n.id);
        const status = live?.steps[n.id]?.status;
        return nodeIssues || status ? { ...n, data: { ...n.data, issues: nodeIssues, status } } : n;
      }),
    [graph.nodes, issuesByNode, live],
  );
  const selected = graph.nodes.filter((n) => n.selected);
  const selectedNode = selected.length === 1 ? selected[0] : undefined;

  const catalog = useQuery(trpc.workflows.catalog.queryOptions());
  const nodeTemplates = useQuery(trpc.workflows.nodeTemplates.list.queryOptions({ page: 1, pageSize: 100 }));
  const workflows = useQuery(trpc.workflows.list.queryOptions({ page: 1, pageSize: 100 }));
  const paletteTemplates = (nodeTemplates.data?.items ?? []).map((t) => ({ id: t.id, name: t.name, nodeType: t.node_type, config: t.config }));
  const deleteTemplate = useMutation(
    trpc.workflows.nodeTemplates.delete.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.workflows.nodeTemplates.pathKey() }),
      onError: (error) => toast.error(errorText(error)),
    }),
  );
  const pickers: Pickers = useMemo(
    () => ({
      tools: catalog.data?.tools ?? [],
      agents: catalog.data?.agents ?? [],
      modelConfigs: catalog.data?.model_configs ?? [],
      workflows: (workflows.data?.items ?? []).filter((w) => w.id !== workflow.id),
    }),
    [catalog.data, workflows.data, workflow.id],
  );

  const save = useMutation(trpc.workflows.update.mutationOptions());
  async function saveNow(message: string) {
    const snapshot = { key: graph.key, name, description };
    try {
      const result = await save.mutateAsync({ id: workflow.id, name, description, definition: graph.definitionNow(), baseVersion: version, message: message || undefined });
      setVersion(result.version);
      setSaved(snapshot);
      setSaveOpen(false);
      queryClient.setQueryData(trpc.workflows.get.queryKey({ id: workflow.id }), result);
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.versions.queryKey({ id: workflow.id }) });
      toast.success(`Saved as version ${result.version}`);
      return result.version;
    } catch (error) {
      const data = (error as { data?: { appCode?: string; httpStatus?: number } }).data;
      if (data?.appCode === "CONFLICT" || data?.httpStatus === 409) {
        setSaveOpen(false);
        setConflict(errorText(error));
      } else toast.error(errorText(error, "Could not save. Try again."));
      return null;
    }
  }

  const start = useMutation(trpc.workflows.runs.start.mutationOptions());
  async function runNow(input: Record<string, unknown>) {
    setRunError(undefined);
    if (dirty && (await saveNow("Saved before a run")) === null) return;
    try {
      const run = await start.mutateAsync({ workflow_id: workflow.id, input });
      setRunId(run.id);
      setRunOpen(false);
      setTab("run");
    } catch (error) {
      const issues = (error as { data?: { issues?: { path: string; message: string }[] } }).data?.issues;
      setRunError(issues?.length ? issues.map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`).join("; ") : errorText(error, "Could not start the run."));
    }
  }

  const addAt = useCallback(
    (item: PaletteItem, position?: { x: number; y: number }) => {
      let at = position;
      if (!at) {
        const anchor = graph.nodes.find((n) => n.selected);
        if (anchor) at = { x: anchor.position.x + NODE_WIDTH + 80, y: anchor.position.y };
        else {
          const box = canvasRef.current?.getBoundingClientRect();
          const center = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
          at = { x: center.x - NODE_WIDTH / 2 + (graph.nodes.length % 5) * 20, y: center.y - NODE_HEIGHT / 2 + (graph.nodes.length % 5) * 20 };
        }
      }
      graph.addNode(item.type, at, item.config, item.name);
      setTab("node");
      setPaletteOpen(false);
    },
    [flow, graph],
  );

  const onDrop = (event: React.DragEvent) => {
    const raw = event.dataTransfer.getData(DRAG_MIME);
    if (!raw) return;
    event.preventDefault();
    let item: PaletteItem;
    try {
      item = JSON.parse(raw) as PaletteItem;
    } catch {
      return;
    }
    if (!(item.type in NODE_CATALOG)) return;
    const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    addAt(item, { x: point.x - NODE_WIDTH / 2, y: point.y - 20 });
  };

  const onConnectEnd: OnConnectEnd = (_event, state) => {
    if (state.isValid !== false || !state.fromNode || !state.toNode) return;
    const from = state.fromHandle?.type === "target" ? state.toNode : state.fromNode;
    const to = state.fromHandle?.type === "target" ? state.fromNode : state.toNode;
    const handle = state.fromHandle?.type === "source" ? state.fromHandle.id : state.toHandle?.id;
    const reason = canConnect(graph.definitionNow(), { source: from.id, sourceHandle: handle ?? "out", target: to.id });
    if (reason) toast.error(`Cannot connect: ${reason}`, { id: "connect-refused" });
  };

  // The side panels appear after the first render (they depend on the screen's width): fit the
  // graph again into the canvas that is left once they are there and the nodes are measured.
  // Once per width class: adding a node later must not move the view.
  const measured = useNodesInitialized();
  const fittedFor = useRef<boolean | null>(null);
  useEffect(() => {
    if (!measured || fittedFor.current === wide) return;
    fittedFor.current = wide;
    const timer = setTimeout(() => void flow.fitView({ padding: 0.2, maxZoom: 1.1 }), 30);
    return () => clearTimeout(timer);
  }, [wide, measured, flow]);

  // Keyboard shortcuts, outside text fields and dialogs.
  const keys = useRef({ graph, readOnly });
  useLayoutEffect(() => {
    keys.current = { graph, readOnly };
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTyping(event.target)) return;
      const { graph: g, readOnly: viewOnly } = keys.current;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === "?") return setShortcutsOpen(true);
      // Someone who may only view or run the workflow copies, nothing else.
      if (viewOnly && !(mod && key === "c")) return;
      if (mod && key === "z") {
        event.preventDefault();
        if (event.shiftKey) g.redo();
        else g.undo();
      } else if (mod && key === "y") {
        event.preventDefault();
        g.redo();
      } else if (mod && key === "c") {
        const n = g.copy();
        if (n) toast(`Copied ${n} ${n === 1 ? "node" : "nodes"}`, { id: "copied" });
      } else if (mod && key === "v") {
        event.preventDefault();
        g.paste();
      } else if (mod && key === "s") {
        event.preventDefault();
        setSaveOpen(true);
      } else if (!mod && (event.key === "Delete" || event.key === "Backspace")) {
        if (g.deleteSelection()) event.preventDefault();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const runStatus = live?.status;
  const panel = (
    <SidePanel
      tab={tab}
      onTab={setTab}
      workflow={{ ...workflow, version }}
      name={name}
      description={description}
      onName={setName}
      onDescription={setDescription}
      node={selectedNode}
      nodeIssues={selectedNode ? (issuesByNode.get(selectedNode.id) ?? []) : []}
      issues={issues}
      pickers={pickers}
      onNodeChange={(data) => selectedNode && graph.updateNode(selectedNode.id, data)}
      onNodeDelete={() => selectedNode && graph.deleteNode(selectedNode.id)}
      onConnect={(handle, target) => selectedNode && graph.connect({ source: selectedNode.id, sourceHandle: handle, target, targetHandle: null })}
      onDisconnect={graph.disconnect}
      live={live}
      readOnly={readOnly}
      currentDefinition={definition}
      onRolledBack={async () => {
        await onReload();
      }}
    />
  );

  return (
    <div className="fixed inset-x-0 top-16 bottom-0 z-20 flex flex-col bg-zinc-50 md:left-64">
      <EditorToolbar
        workflowId={workflow.id}
        name={name}
        version={version}
        dirty={dirty}
        readOnly={readOnly}
        canUndo={graph.canUndo}
        canRedo={graph.canRedo}
        issueCount={issues.length}
        runStatus={runStatus}
        runId={runId}
        onUndo={graph.undo}
        onRedo={graph.redo}
        onLayout={() => {
          graph.layout();
          setTimeout(() => void flow.fitView({ padding: 0.2, duration: 200 }), 50);
        }}
        onFit={() => void flow.fitView({ padding: 0.2, duration: 200 })}
        onValidate={() => {
          if (issues.length === 0) toast.success("No problems found");
          else toast.error(`${issues.length} ${issues.length === 1 ? "problem" : "problems"}: ${issues[0].message}`);
          setTab("workflow");
          if (!wide) setPanelOpen(true);
        }}
        onExport={async () => {
          try {
            const doc = await queryClient.fetchQuery({ ...trpc.workflows.exportJson.queryOptions({ id: workflow.id }), staleTime: 0 });
            const { downloadJson, exportFilename } = await import("@/lib/download");
            downloadJson(exportFilename(name, "workflow"), doc);
          } catch (error) {
            toast.error(errorText(error, "Could not export"));
          }
        }}
        onShortcuts={() => setShortcutsOpen(true)}
        onSave={() => setSaveOpen(true)}
        onRun={() => setRunOpen(true)}
        onPalette={() => setPaletteOpen(true)}
        onPanel={() => setPanelOpen(true)}
        saving={save.isPending}
      />
      <p className="sr-only" aria-live="polite" role="status">
        {runStatus ? `Run ${runStatus}` : ""}
      </p>
      <div className="flex min-h-0 flex-1">
        {!readOnly && (
          <aside aria-label="Node palette" className="hidden w-60 shrink-0 overflow-y-auto border-r border-zinc-200 bg-zinc-50 p-3 lg:block">
            <Palette templates={paletteTemplates} onAdd={(item) => addAt(item)} onDeleteTemplate={(id) => deleteTemplate.mutate({ id })} />
          </aside>
        )}
        <div ref={canvasRef} className="relative min-w-0 flex-1" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="workflow-canvas">
          <ReactFlow
            nodes={shownNodes}
            edges={graph.edges}
            nodeTypes={nodeTypes}
            onNodesChange={graph.onNodesChange}
            onEdgesChange={graph.onEdgesChange}
            onConnect={graph.connect}
            onConnectEnd={onConnectEnd}
            isValidConnection={(c) => canConnect(graph.definitionNow(), { source: c.source, sourceHandle: c.sourceHandle ?? "out", target: c.target }) === null}
            onNodeDragStart={graph.beginDrag}
            onNodeClick={() => {
              setTab("node");
              if (!wide) setPanelOpen(true);
            }}
            onPaneClick={() => setTab((t) => (t === "node" ? "workflow" : t))}
            deleteKeyCode={null}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
            defaultEdgeOptions={{ type: "smoothstep" }}
            aria-label="Workflow canvas"
          >
            <Background gap={20} />
            <Controls showInteractive={false} />
            {wide && <MiniMap pannable zoomable ariaLabel="Overview of the workflow" style={{ width: 140, height: 96 }} />}
          </ReactFlow>
        </div>
        {wide && (
          <aside aria-label="Details" className="w-96 shrink-0 overflow-y-auto border-l border-zinc-200 bg-white">
            {panel}
          </aside>
        )}
      </div>

      {!wide && (
        <>
          <Dialog open={paletteOpen} onOpenChange={setPaletteOpen}>
            <DialogContent title="Add a node" variant="drawer" className="overflow-y-auto p-3">
              <DrawerClose onClose={() => setPaletteOpen(false)} label="Close the palette" />
              <Palette templates={paletteTemplates} onAdd={(item) => addAt(item)} onDeleteTemplate={(id) => deleteTemplate.mutate({ id })} />
            </DialogContent>
          </Dialog>
          <Dialog open={panelOpen} onOpenChange={setPanelOpen}>
            <DialogContent title="Details" variant="drawer" className="right-0 left-auto w-[min(26rem,92vw)] overflow-y-auto border-r-0 border-l">
              <DrawerClose onClose={() => setPanelOpen(false)} label="Close the details" />
              {panel}
            </DialogContent>
          </Dialog>
        </>
      )}

      <SaveDialog open={saveOpen} onOpenChange={setSaveOpen} pending={save.isPending} onSave={(m) => void saveNow(m)} />
      <RunDialog open={runOpen} onOpenChange={setRunOpen} definition={definition} version={version} dirty={dirty} pending={start.isPending || save.isPending} error={runError} onRun={(input) => void runNow(input)} />
      <ShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
      <ConflictDialog
        open={conflict !== null}
        onOpenChange={(open) => !open && setConflict(null)}
        message={conflict ?? ""}
        onReload={() => {
          setConflict(null);
          setSaved({ key: graph.key, name, description });
          void onReload();
        }}
      />
      <ConfirmDialog
        open={guard.pendingHref !== null}
        onOpenChange={(open) => !open && guard.stay()}
        title="Leave without saving?"
        description="Your changes to this workflow are not saved."
        confirmLabel="Leave"
        onConfirm={guard.leave}
      />
    </div>
  );
}

function DrawerClose({ onClose, label }: { onClose: () => void; label: string }) {
  return (
    <div className="flex justify-end p-1">
      <button type="button" onClick={onClose} aria-label={label} className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100">
        <XIcon className="size-5" />
      </button>
    </div>
  );
}
