"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardFooter } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { errorText, trpcFieldErrors, zodFieldErrors, type FieldErrors } from "@/lib/form-errors";
import { profileUpdate } from "../../schemas";

const BIO_MAX = 200;

interface Me {
  username: string;
  avatar_url: string | null;
  bio: string | null;
}

export function ProfileForm({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = { username: me.username, avatar_url: me.avatar_url ?? "", bio: me.bio ?? "" };
  const [form, setForm] = useState(saved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useMutation(
    trpc.identity.updateProfile.mutationOptions({
      onSuccess: async (profile) => {
        setForm({ username: profile.username, avatar_url: profile.avatar_url ?? "", bio: profile.bio ?? "" });
        toast.success("Profile saved");
        await queryClient.invalidateQueries({ queryKey: trpc.identity.me.queryKey() });
      },
      onError: (error) => {
        const fields = trpcFieldErrors(error, ["username", "avatar_url", "bio"]);
        if (fields) setErrors(fields);
        toast.error(fields ? "Check the highlighted fields." : errorText(error));
      },
    }),
  );

  const dirty = form.username !== saved.username || form.avatar_url !== saved.avatar_url || form.bio !== saved.bio;
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setForm((f) => ({ ...f, [key]: e.target.value }));
    setErrors((errs) => ({ ...errs, [key]: undefined }));
  };

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = profileUpdate.safeParse({ username: form.username, avatar_url: form.avatar_url.trim(), bio: form.bio });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    update.mutate(parsed.data);
  }

  const over = form.bio.length > BIO_MAX;
  return (
    <Card as="div">
      <form onSubmit={onSubmit} noValidate aria-labelledby="profile-form-title">
        <CardBody className="flex flex-col gap-6">
          <div className="flex items-center gap-4">
            <Avatar name={form.username || me.username} src={form.avatar_url.trim()} size="xl" />
            <div className="min-w-0">
              <h2 id="profile-form-title" className="truncate text-lg font-semibold text-zinc-900">
                {form.username || me.username}
              </h2>
              <p className="text-sm text-zinc-600">Public profile · preview</p>
            </div>
          </div>
          <Field label="Username" error={errors.username} hint="3–30 characters, no spaces or @.">
            <Input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={form.username} onChange={set("username")} />
          </Field>
          <Field label="Avatar URL" error={errors.avatar_url} hint="A link to a square image (http or https). Leave empty to show your initials.">
            <Input type="url" name="avatar_url" inputMode="url" placeholder="https://…" value={form.avatar_url} onChange={set("avatar_url")} />
          </Field>
          <Field
            label="Bio"
            error={errors.bio}
            aside={
              <span className={clsx("text-xs tabular-nums", over ? "font-medium text-red-700" : "text-zinc-500")}>
                {form.bio.length}/{BIO_MAX}
              </span>
            }
            hint="A sentence or two about you."
          >
            <Textarea name="bio" rows={4} value={form.bio} onChange={set("bio")} />
          </Field>
        </CardBody>
        <CardFooter>
          {dirty && <span className="mr-auto hidden text-sm text-zinc-500 sm:inline">Unsaved changes</span>}
          <Button variant="ghost" disabled={!dirty || update.isPending} onClick={() => {
              setForm(saved);
              setErrors({});
            }}>
            Reset
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save profile
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
