import { Fragment } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * A small, safe Markdown renderer for assistant messages: fenced code blocks, headings, lists,
 * block quotes, paragraphs, and inline code, bold, italic and http(s) links. It builds React
 * elements only (never raw HTML), so model output cannot inject markup.
 */
export function Markdown({ text }: { text: string }) {
  return <div className="flex flex-col gap-2 text-sm leading-relaxed break-words">{blocks(text)}</div>;
}

function blocks(text: string) {
  const out: React.ReactNode[] = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = line.match(/^\s*```\s*([\w+-]*)/);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
      i++;
      out.push(
        <figure key={out.length} className="overflow-hidden rounded-lg bg-zinc-900 text-zinc-100">
          <figcaption className="flex items-center justify-between border-b border-white/10 py-0.5 pr-1 pl-3 font-mono text-[11px] text-zinc-400">
            {fence[1] || "code"}
            <CopyButton value={code.join("\n")} variant="inverse" className="h-7 text-xs" what="code" />
          </figcaption>
          <pre className="overflow-x-auto p-3 font-mono text-xs leading-5">
            <code>{code.join("\n")}</code>
          </pre>
        </figure>,
      );
      continue;
    }
    const heading = line.match(/^(#{1,4})\s+(.*)$/);
    if (heading) {
      out.push(
        <p key={out.length} className="font-semibold text-zinc-900" role="heading" aria-level={Math.min(6, heading[1].length + 2)}>
          {inline(heading[2])}
        </p>,
      );
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
      const List = ordered ? "ol" : "ul";
      out.push(
        <List key={out.length} className={ordered ? "list-decimal pl-5" : "list-disc pl-5"}>
          {items.map((item, k) => (
            <li key={k}>{inline(item)}</li>
          ))}
        </List>,
      );
      continue;
    }
    if (/^>\s?/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quoted.push(lines[i++].replace(/^>\s?/, ""));
      out.push(
        <blockquote key={out.length} className="border-l-2 border-zinc-300 pl-3 text-zinc-600">
          {inline(quoted.join(" "))}
        </blockquote>,
      );
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !/^\s*(```|#{1,4}\s|[-*+]\s|\d+[.)]\s|>)/.test(lines[i])) para.push(lines[i++]);
    if (para.length === 0) para.push(lines[i++]);
    out.push(
      <p key={out.length} className="whitespace-pre-wrap">
        {inline(para.join("\n"))}
      </p>,
    );
  }
  return out;
}

const INLINE = /(`[^`\n]+`|\*\*[^*\n]+\*\*|\*[^*\s][^*\n]*\*|\[[^\]\n]+\]\(https?:\/\/[^)\s]+\))/g;

function inline(text: string): React.ReactNode {
  return text.split(INLINE).map((part, k) => {
    if (!part) return null;
    if (part.startsWith("`") && part.endsWith("`") && part.length > 2) {
      return <code key={k} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.85em] text-zinc-800">{part.slice(1, -1)}</code>;
    }
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4) return <strong key={k}>{part.slice(2, -2)}</strong>;
    if (part.startsWith("*") && part.endsWith("*") && part.length > 2) return <em key={k}>{part.slice(1, -1)}</em>;
    const link = part.match(/^\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)$/);
    if (link) {
      return (
        <a key={k} href={link[2]} target="_blank" rel="noreferrer noopener" className="text-brand-700 underline">
          {link[1]}
        </a>
      );
    }
    return <Fragment key={k}>{part}</Fragment>;
  });
}
