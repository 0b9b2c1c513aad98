"use client";

import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Tabs, tabId, tabPanelId } from "@/components/ui/tabs";

type Lang = "node" | "python" | "curl";
const noSubscription = () => () => {};

function snippet(lang: Lang, origin: string, model: string) {
  if (lang === "node")
    return `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${origin}/v1", apiKey: process.env.ATRIUM_API_KEY });
const completion = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Hello!" }],
});
console.log(completion.choices[0].message.content);`;
  if (lang === "python")
    return `import os
from openai import OpenAI

client = OpenAI(base_url="${origin}/v1", api_key=os.environ["ATRIUM_API_KEY"])
completion = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello!"}],
)
print(completion.choices[0].message.content)`;
  return `curl ${origin}/v1/chat/completions \\
  -H "Authorization: Bearer $ATRIUM_API_KEY" -H "Content-Type: application/json" \\
  -d '{"model":"${model}","messages":[{"role":"user","content":"Hello!"}]}'`;
}

/** How to point the official openai clients at this gateway, with one of the caller's models filled in. */
export function ClientSnippet({ model }: { model: string }) {
  const [lang, setLang] = useState<Lang>("node");
  // The address the browser uses is the one a client on this network reaches (a placeholder on the server).
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "https://atrium.example");
  const code = snippet(lang, origin, model);
  return (
    <Card>
      <CardHeader
        title="Use it from your code"
        description={
          <>
            Any OpenAI client works: set its base URL to <code className="font-mono">{origin}/v1</code> and use a personal API key from{" "}
            <Link className="text-brand-700 underline" href="/settings/api-keys">
              Settings → API keys
            </Link>
            .
          </>
        }
      />
      <CardBody className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Tabs
            idBase="gateway-snippet"
            label="Client language"
            value={lang}
            onChange={setLang}
            items={[
              { value: "node", label: "Node" },
              { value: "python", label: "Python" },
              { value: "curl", label: "curl" },
            ]}
          />
          <CopyButton value={code} what="the client snippet" />
        </div>
        <pre
          id={tabPanelId("gateway-snippet")}
          role="tabpanel"
          aria-labelledby={tabId("gateway-snippet", lang)}
          tabIndex={0}
          className="overflow-x-auto rounded-lg bg-zinc-950 p-4 text-xs leading-relaxed text-zinc-100"
        >
          <code>{code}</code>
        </pre>
      </CardBody>
    </Card>
  );
}
