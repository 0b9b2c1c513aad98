import { Card } from "@/components/ui/card";

/** The white card that holds each sign-in/up step, with its heading. */
export function AuthCard({ title, description, children, footer }: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
}) {
  return (
    <>
      <Card className="p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
        {description && <p className="mt-1.5 text-sm text-zinc-600">{description}</p>}
        <div className="mt-6">{children}</div>
      </Card>
      {footer && <div className="mt-6 text-center text-sm text-zinc-600">{footer}</div>}
    </>
  );
}

export const linkClass = "font-medium text-brand-700 underline-offset-4 hover:underline";
