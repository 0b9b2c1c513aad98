import type { NodeTypeInfo } from "../../definition";

/** A small glyph per catalog category (colour and letter), so nodes are told apart at a glance. */
export const CATEGORY_STYLE: Record<NodeTypeInfo["category"], { label: string; tile: string }> = {
  trigger: { label: "Triggers", tile: "bg-violet-100 text-violet-700" },
  ai: { label: "AI", tile: "bg-brand-100 text-brand-700" },
  action: { label: "Actions", tile: "bg-sky-100 text-sky-700" },
  logic: { label: "Logic", tile: "bg-orange-100 text-orange-700" },
  flow: { label: "Flow", tile: "bg-teal-100 text-teal-700" },
  human: { label: "People", tile: "bg-pink-100 text-pink-700" },
};

export const CATEGORY_ORDER: NodeTypeInfo["category"][] = ["trigger", "ai", "action", "logic", "flow", "human"];

export function NodeIcon({ info, className = "" }: { info: NodeTypeInfo; className?: string }) {
  return (
    <span aria-hidden="true" className={`flex size-8 shrink-0 items-center justify-center rounded-lg text-xs font-bold ${CATEGORY_STYLE[info.category].tile} ${className}`}>
      {info.label.slice(0, 2)}
    </span>
  );
}
