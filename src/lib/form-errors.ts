/** Field errors keyed by the first path segment ("username", "bio"), one message each. */
export type FieldErrors = Partial<Record<string, string>>;

interface IssueLike {
  path: PropertyKey[] | string;
  message: string;
}

function collect(issues: IssueLike[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = Array.isArray(issue.path) ? String(issue.path[0] ?? "") : issue.path.split(".")[0];
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** From a failed zod safeParse on the client. */
export const zodFieldErrors = (error: { issues: IssueLike[] }) => collect(error.issues);

interface TrpcErrorLike {
  message: string;
  data?: { issues?: { path: string; message: string }[] | null; appCode?: string | null; httpStatus?: number } | null;
}

/**
 * Every `data.issues` entry of a tRPC error as a field error. `within` names the input member the
 * form's fields sit in (an update's `patch`: its issues read `patch.name`), left off the keys.
 */
export function trpcIssueErrors(error: TrpcErrorLike, within?: string): FieldErrors {
  const prefix = within ? `${within}.` : "";
  return collect((error.data?.issues ?? []).map((i) => (prefix && i.path.startsWith(prefix) ? { ...i, path: i.path.slice(prefix.length) } : i)));
}

/**
 * From a tRPC error: `data.issues` become field errors; a conflict naming one of `fields` (such as
 * `The username "ana" is taken`) goes next to that field. Returns null when nothing fits a field.
 */
export function trpcFieldErrors(error: TrpcErrorLike, fields: string[]): FieldErrors | null {
  const issues = error.data?.issues;
  if (issues?.length) {
    const errors = collect(issues);
    if (Object.keys(errors).some((k) => fields.includes(k))) return errors;
  }
  if (error.data?.appCode === "CONFLICT") {
    const field = fields.find((f) => error.message.toLowerCase().includes(f.replace(/_/g, " ")));
    if (field) return { [field]: error.message };
  }
  return null;
}

/** Text for a toast: the server's message, or a fallback for network failures. */
export function errorText(error: unknown, fallback = "Something went wrong. Try again.") {
  const message = (error as { message?: unknown })?.message;
  if (typeof message !== "string" || !message || message === "Failed to fetch") return fallback;
  return message;
}
