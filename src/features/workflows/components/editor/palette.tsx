"use client";

import { XIcon } from "@/components/ui/icons";
import { NODE_CATALOG, NODE_TYPES, type NodeType } from "../../definition";
import { CATEGORY_ORDER, CATEGORY_STYLE, NodeIcon } from "./node-icon";

export const DRAG_MIME = "application/x-atrium-node";

/** A node a palette entry adds: a type, or one of the person's saved node templates (type + config). */
export interface PaletteItem {
  type: NodeType;
  name?: string;
  config?: Record<string, unknown>;
}

/**
 * The node types by category, and the person's node templates. Drag an entry onto the canvas, or
 * press it (keyboard, touch) to add it next to the selection.
 */
export function Palette({ templates, onAdd, onDeleteTemplate }: { templates: { id: string; name: string; nodeType: string; config: unknown }[]; onAdd: (item: PaletteItem) => void; onDeleteTemplate?: (id: string) => void }) {
  return (
    <div className="flex flex-col gap-4" aria-label="Nodes">
      {CATEGORY_ORDER.map((category) => (
        <section key={category} aria-labelledby={`palette-${category}`}>
          <h3 id={`palette-${category}`} className="mb-1.5 px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
            {CATEGORY_STYLE[category].label}
          </h3>
          <ul className="flex flex-col gap-1">
            {NODE_TYPES.filter((t) => NODE_CATALOG[t].category === category).map((type) => (
              <li key={type}>
                <PaletteEntry item={{ type }} label={NODE_CATALOG[type].label} description={NODE_CATALOG[type].description} onAdd={onAdd} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {templates.length > 0 && (
        <section aria-labelledby="palette-templates">
          <h3 id="palette-templates" className="mb-1.5 px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
            My node templates
          </h3>
          <ul className="flex flex-col gap-1">
            {templates
              .filter((t) => t.nodeType in NODE_CATALOG)
              .map((t) => (
                <li key={t.id} className="group relative">
                  <PaletteEntry
                    item={{ type: t.nodeType as NodeType, name: t.name, config: (t.config ?? {}) as Record<string, unknown> }}
                    label={t.name}
                    description={`${NODE_CATALOG[t.nodeType as NodeType].label} template`}
                    onAdd={onAdd}
                  />
                  {onDeleteTemplate && (
                    <button
                      type="button"
                      onClick={() => onDeleteTemplate(t.id)}
                      aria-label={`Delete node template ${t.name}`}
                      className="absolute top-1/2 right-1 -translate-y-1/2 rounded-md p-1 text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 focus-visible:opacity-100 sm:opacity-0 sm:group-hover:opacity-100"
                    >
                      <XIcon />
                    </button>
                  )}
                </li>
              ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function PaletteEntry({ item, label, description, onAdd }: { item: PaletteItem; label: string; description: string; onAdd: (item: PaletteItem) => void }) {
  return (
    <button
      type="button"
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_MIME, JSON.stringify(item));
        event.dataTransfer.effectAllowed = "move";
      }}
      onClick={() => onAdd(item)}
      aria-label={`Add ${label}`}
      title={description}
      className="flex w-full cursor-grab items-center gap-2.5 rounded-lg border border-transparent px-1.5 py-1.5 text-left hover:border-zinc-200 hover:bg-white active:cursor-grabbing"
    >
      <NodeIcon info={NODE_CATALOG[item.type]} className="size-7" />
      <span className="min-w-0">
        <span className="block truncate text-sm font-medium text-zinc-900">{label}</span>
        <span className="block truncate text-xs text-zinc-500">{description}</span>
      </span>
    </button>
  );
}
