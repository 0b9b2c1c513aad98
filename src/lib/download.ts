/** Save `data` as a pretty-printed JSON file through a temporary link (browser only). */
export function downloadJson(filename: string, data: unknown) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `My agent` → `my-agent.agent.json`: a name as a safe file name with a kind suffix. */
export const exportFilename = (name: string, kind: "agent" | "workflow") =>
  `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || kind}.${kind}.json`;
