"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Tabs, tabId, tabPanelId } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { errorText, trpcIssueErrors, zodFieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { installBody, rawServerBody, type InstallBody, type RawServerBody } from "../schemas";
import { lines, pairs } from "./parse-lines";

type Mode = "catalog" | "command" | "url";
const ID_BASE = "add-mcp";

/**
 * Add a server three ways: install a catalog entry (its credential fields, plus the folder or
 * repository it asks for), a command Atrium runs, or a URL. On success the server is connected
 * right away so its tools show (a failure to connect is shown on its row, the server is kept).
 */
export function AddServerDialog({ open, onOpenChange, mayRunCommands }: { open: boolean; onOpenChange: (open: boolean) => void; mayRunCommands: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useQuery({ ...trpc.mcp.catalog.queryOptions(), enabled: open });
  const [mode, setMode] = useState<Mode>("catalog");
  const [templateId, setTemplateId] = useState("");
  const [form, setForm] = useState({ name: "", command: "", args: "", env: "", url: "", headers: "" });
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const entry = catalog.data?.entries.find((e) => e.id === templateId);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.mcp.servers.queryKey() });
  const reconnect = useMutation(
    trpc.mcp.reconnect.mutationOptions({
      onSuccess: ({ server, error }) => (error ? toast.error(`${server.name}: ${error}`) : toast.success(`${server.name} connected: ${server.tools.length} tools`)),
      onError: (err) => toast.error(errorText(err)),
      onSettled: refresh,
    }),
  );
  const handlers = {
    onSuccess: (server: { id: string; name: string }) => {
      void refresh();
      reconnect.mutate({ id: server.id });
      close(false);
    },
    onError: (err: Parameters<typeof trpcIssueErrors>[0]) => {
      const fields = trpcIssueErrors(err);
      if (Object.keys(fields).length) setErrors(fields);
      else setErrors({ form: errorText(err) });
    },
  };
  const install = useMutation(trpc.mcp.install.mutationOptions(handlers));
  const add = useMutation(trpc.mcp.add.mutationOptions(handlers));
  const pending = install.isPending || add.isPending;

  function close(next: boolean) {
    if (!next) {
      setForm({ name: "", command: "", args: "", env: "", url: "", headers: "" });
      setCredentials({});
      setTemplateId("");
      setErrors({});
    }
    onOpenChange(next);
  }

  function body(): InstallBody | RawServerBody | string {
    if (mode === "catalog") {
      if (!entry) return "Choose a server from the catalog";
      const missing = entry.credentials.find((c) => c.required && !credentials[c.key]?.trim());
      if (missing) return `Fill in ${missing.label}`;
      if (entry.extra_args?.required && lines(form.args).length === 0) return `Fill in ${entry.extra_args.label}`;
      return {
        template_id: entry.id,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
        credentials: Object.fromEntries(Object.entries(credentials).filter(([, v]) => v.trim())),
        ...(entry.extra_args ? { args: lines(form.args) } : {}),
        ...(entry.transport === "http" && form.url.trim() ? { url: form.url.trim() } : {}),
      };
    }
    if (mode === "command") {
      const env = pairs(form.env, "=");
      if ("bad" in env) return `Write each environment value as KEY=value ("${env.bad}")`;
      return { name: form.name.trim(), transport: { type: "stdio", command: form.command.trim(), args: lines(form.args), env: env.ok } };
    }
    const headers = pairs(form.headers, ":");
    if ("bad" in headers) return `Write each header as Name: value ("${headers.bad}")`;
    return { name: form.name.trim(), transport: { type: "http", url: form.url.trim(), headers: headers.ok } };
  }

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const input = body();
    if (typeof input === "string") return setErrors({ form: input });
    // The same schemas as the server's, so a mistake is shown without a round trip.
    const parsed = "template_id" in input ? installBody.safeParse(input) : rawServerBody.safeParse(input);
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    if ("template_id" in input) install.mutate(input);
    else add.mutate(input as RawServerBody);
  }

  const fieldError = (...paths: string[]) => paths.map((p) => errors[p]).find(Boolean);
  const tabs = [
    { value: "catalog" as const, label: "From the catalog" },
    { value: "command" as const, label: "Command" },
    { value: "url" as const, label: "URL" },
  ];

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent title="Add an MCP server" description="Its tools become agent tools named mcp_<server>_<tool>." className="sm:max-w-xl">
        <Tabs items={tabs} value={mode} onChange={(m) => (setMode(m), setErrors({}))} label="How to add it" idBase={ID_BASE} className="mb-4" />
        <form id={tabPanelId(ID_BASE)} role="tabpanel" aria-labelledby={tabId(ID_BASE, mode)} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          {mode === "catalog" && (
            <>
              <Field label="Server" error={fieldError("template_id")}>
                <Select value={templateId} onChange={(e) => (setTemplateId(e.target.value), setCredentials({}))} disabled={!catalog.data}>
                  <option value="">{catalog.isError ? "Could not load the catalog" : catalog.data ? "Choose a server…" : "Loading the catalog…"}</option>
                  {catalog.data?.entries.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
                </Select>
              </Field>
              {entry && <p className="text-sm text-zinc-600">{entry.description}</p>}
              {entry?.transport === "stdio" && !mayRunCommands && <Alert tone="warning">This server runs a command on Atrium&apos;s host: only administrators may add it.</Alert>}
              {entry?.credentials.map((c) => (
                <Field key={c.key} label={c.label} hint={c.description} error={fieldError(`credentials.${c.key}`)}>
                  <Input type="password" autoComplete="off" value={credentials[c.key] ?? ""} onChange={(e) => setCredentials((all) => ({ ...all, [c.key]: e.target.value }))} />
                </Field>
              ))}
              {entry?.extra_args && (
                <Field label={entry.extra_args.label} hint={`${entry.extra_args.description}; one a line`} error={fieldError("args")}>
                  <Textarea rows={2} value={form.args} onChange={set("args")} className="font-mono" />
                </Field>
              )}
              {entry?.transport === "http" && (
                <Field label="URL" hint={`e.g. ${entry.url}`} error={fieldError("url")}>
                  <Input type="url" value={form.url} onChange={set("url")} />
                </Field>
              )}
              {entry && (
                <Field label="Name" hint={`Optional; defaults to ${entry.id}`} error={fieldError("name")}>
                  <Input value={form.name} onChange={set("name")} maxLength={40} />
                </Field>
              )}
            </>
          )}
          {mode !== "catalog" && (
            <Field label="Name" hint="Letters, digits, - and _" error={fieldError("name")}>
              <Input value={form.name} onChange={set("name")} maxLength={40} placeholder="e.g. files" autoFocus />
            </Field>
          )}
          {mode === "command" && (
            <>
              {!mayRunCommands && <Alert tone="warning">Only administrators may add servers that run a command on Atrium&apos;s host. Add one by URL instead.</Alert>}
              <Field label="Command" hint="Run without a shell, e.g. npx or an absolute path" error={fieldError("command", "transport.command", "transport")}>
                <Input value={form.command} onChange={set("command")} className="font-mono" />
              </Field>
              <Field label="Arguments" hint="One a line" error={fieldError("transport.args")}>
                <Textarea rows={3} value={form.args} onChange={set("args")} className="font-mono" />
              </Field>
              <Field label="Environment" hint="KEY=value, one a line; stored encrypted, never shown again" error={fieldError("transport.env")}>
                <Textarea rows={2} value={form.env} onChange={set("env")} className="font-mono" autoComplete="off" />
              </Field>
            </>
          )}
          {mode === "url" && (
            <>
              <Field label="URL" hint="The server's Streamable HTTP endpoint" error={fieldError("url", "transport.url", "transport")}>
                <Input type="url" value={form.url} onChange={set("url")} placeholder="https://example.com/mcp" />
              </Field>
              <Field label="Headers" hint="Name: value, one a line (e.g. Authorization: Bearer …); stored encrypted" error={fieldError("transport.headers")}>
                <Textarea rows={2} value={form.headers} onChange={set("headers")} className="font-mono" autoComplete="off" />
              </Field>
            </>
          )}
          {(errors.form || errors.credentials) && <Alert>{errors.form ?? errors.credentials}</Alert>}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={pending}>
              Add server
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
