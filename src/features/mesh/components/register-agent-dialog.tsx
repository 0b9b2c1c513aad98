"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

const splitCapabilities = (text: string) => text.split(",").map((c) => c.trim()).filter(Boolean);

/** Registers an agent in the person's mesh: an external HTTP endpoint, or one of their Atrium agents. */
export function RegisterAgentDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<"external" | "atrium">("external");
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [capabilities, setCapabilities] = useState("");
  const [endpoint, setEndpoint] = useState("");
  const [atriumId, setAtriumId] = useState("");
  const local = useQuery({ ...trpc.mesh.atriumAgents.queryOptions(), enabled: open && kind === "atrium" });
  const register = useMutation(
    trpc.mesh.register.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.mesh.agents.queryKey() });
        setId("");
        setName("");
        setCapabilities("");
        setEndpoint("");
        onOpenChange(false);
      },
    }),
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const caps = splitCapabilities(capabilities);
    if (kind === "atrium") register.mutate({ id: atriumId, type: "atrium", capabilities: caps, ...(name.trim() ? { name: name.trim() } : {}) });
    else register.mutate({ id: id.trim(), type: "process", capabilities: caps, endpoint: endpoint.trim(), ...(name.trim() ? { name: name.trim() } : {}) });
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Register an agent" description="Tasks are routed to it by the capabilities you list.">
        <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Register an agent">
          <Field label="Kind">
            <Select value={kind} onChange={(e) => setKind(e.target.value as "external" | "atrium")}>
              <option value="external">External agent (HTTP endpoint)</option>
              <option value="atrium">One of my Atrium agents</option>
            </Select>
          </Field>
          {kind === "external" ? (
            <>
              <Field label="Id" hint="Letters, digits, . _ : - (e.g. claude-code)">
                <Input value={id} onChange={(e) => setId(e.target.value)} required maxLength={100} autoComplete="off" />
              </Field>
              <Field label="Endpoint" hint="Tasks are POSTed here as JSON">
                <Input type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} required placeholder="https://agent.example.com/tasks" />
              </Field>
            </>
          ) : (
            <Field label="Atrium agent">
              <Select value={atriumId} onChange={(e) => setAtriumId(e.target.value)} required>
                <option value="">{local.isLoading ? "Loading your agents…" : local.data?.length ? "Choose an agent" : "You have no agents yet"}</option>
                {local.data?.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.shared ? `${a.name} (shared with you)` : a.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <Field label="Name" hint="Optional">
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          </Field>
          <Field label="Capabilities" hint="Comma-separated, e.g. code-generation, code-review">
            <Input value={capabilities} onChange={(e) => setCapabilities(e.target.value)} autoComplete="off" />
          </Field>
          {register.isError && <Alert>{errorText(register.error)}</Alert>}
          <DialogFooter className="mt-2">
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={register.isPending}>
              Register
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
