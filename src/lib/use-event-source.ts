"use client";

import { useEffect, useRef, useState } from "react";

/** After a stream failed (signed out, server restarted), try again this much later. */
const RETRY_MS = 10_000;

/**
 * One EventSource kept open while the component lives: `url()` is read on every (re)connect, so a
 * caller can resume after the last event it saw; when the browser gives up on the stream it is
 * opened again RETRY_MS later. `onMessage` may change between renders without reconnecting.
 * `url()` answering null waits (nothing to open yet); a change of `key` reconnects.
 * Returns whether the stream is open (pages show it as "Live").
 */
export function useEventSource(url: () => string | null, onMessage: (message: MessageEvent<string>) => void, key: unknown = null): boolean {
  const [open, setOpen] = useState(false);
  const handlers = useRef({ url, onMessage });
  // Declared before the connecting effect, so the first connect already reads this render's handlers.
  useEffect(() => {
    handlers.current = { url, onMessage };
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      const target = handlers.current.url();
      if (stopped || target === null) return;
      source = new EventSource(target);
      source.onopen = () => setOpen(true);
      source.onmessage = (message: MessageEvent<string>) => handlers.current.onMessage(message);
      source.onerror = () => {
        setOpen(false);
        if (source?.readyState === EventSource.CLOSED) {
          source = null;
          retry = setTimeout(connect, RETRY_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [key]);

  return open;
}
