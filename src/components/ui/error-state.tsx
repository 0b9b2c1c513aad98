import clsx from "clsx";
import { Button } from "./button";
import { AlertIcon, RefreshIcon } from "./icons";

interface ErrorStateProps {
  title?: string;
  message?: string;
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
}

export function ErrorState({ title = "Something went wrong", message, onRetry, retrying, className }: ErrorStateProps) {
  return (
    <div role="alert" className={clsx("flex flex-col items-center px-6 py-12 text-center", className)}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-red-50 text-red-600">
        <AlertIcon className="size-6" />
      </div>
      <h3 className="text-base font-semibold text-zinc-900">{title}</h3>
      {message && <p className="mt-1 max-w-sm text-sm text-zinc-600">{message}</p>}
      {onRetry && (
        <Button variant="secondary" className="mt-5" onClick={onRetry} loading={retrying}>
          {!retrying && <RefreshIcon />}
          Try again
        </Button>
      )}
    </div>
  );
}
