'use client';

import { useEffect, useRef } from 'react';

/** How often a waiting customer's page looks for a newly online agent. */
export const AGENT_WATCH_INTERVAL_MS = 15_000;

/**
 * While `active`, calls `check` every interval, and at once when the network or the tab comes back.
 * The API has no "agent came online" event for customers yet, so waiting is a slow poll.
 */
export function useAgentWatch(active: boolean, check: () => Promise<void>) {
  const checkRef = useRef(check);
  checkRef.current = check;

  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const tick = async () => {
      await checkRef.current();
      if (!stopped) timer = setTimeout(tick, AGENT_WATCH_INTERVAL_MS);
    };
    timer = setTimeout(tick, AGENT_WATCH_INTERVAL_MS);
    const now = () => {
      if (document.visibilityState === 'visible') void checkRef.current();
    };
    window.addEventListener('online', now);
    document.addEventListener('visibilitychange', now);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', now);
      document.removeEventListener('visibilitychange', now);
    };
  }, [active]);
}
