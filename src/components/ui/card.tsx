import clsx from "clsx";

interface CardProps extends React.HTMLAttributes<HTMLElement> {
  as?: "section" | "div" | "article" | "li";
}

export function Card({ as: Tag = "section", className, ...props }: CardProps) {
  return <Tag className={clsx("rounded-xl border border-zinc-200 bg-white shadow-xs", className)} {...props} />;
}

export function CardHeader({ title, description, action, className }: {
  title: React.ReactNode;
  description?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={clsx("flex items-start justify-between gap-4 px-5 pt-5 sm:px-6 sm:pt-6", className)}>
      <div className="min-w-0">
        <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
        {description && <p className="mt-1 text-sm text-zinc-600">{description}</p>}
      </div>
      {action}
    </div>
  );
}

export function CardBody({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={clsx("px-5 py-5 sm:px-6", className)} {...props} />;
}

export function CardFooter({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={clsx("flex flex-wrap items-center justify-end gap-3 rounded-b-xl border-t border-zinc-100 bg-zinc-50/70 px-5 py-3 sm:px-6", className)}
      {...props}
    />
  );
}
