'use client';

import { useEffect, useRef } from 'react';
import type { ClientSocket } from '@/lib/realtime/events.ts';

/**
 * While `active`, listens for the server's `agents:available` (someone just became available) and
 * calls `check` then — and at once when the network or the tab comes back. No polling: a visitor
 * without a session yet connects as one (`auth.visitor`), which the server allows only for this.
 */
export function useAgentWatch(active: boolean, check: () => Promise<void>) {
  const checkRef = useRef(check);
  checkRef.current = check;

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let disconnect = () => {};
    void import('socket.io-client').then(({ io }) => {
      if (stopped) return;
      const socket: ClientSocket = io({ withCredentials: true, auth: { visitor: true } });
      socket.on('connect', () => {
        socket.emit('agents:watch', { on: true });
        // Someone may have come online while we were not listening.
        void checkRef.current();
      });
      socket.on('agents:available', () => void checkRef.current());
      disconnect = () => socket.disconnect();
    });
    const now = () => {
      if (document.visibilityState === 'visible') void checkRef.current();
    };
    window.addEventListener('online', now);
    document.addEventListener('visibilitychange', now);
    return () => {
      stopped = true;
      disconnect();
      window.removeEventListener('online', now);
      document.removeEventListener('visibilitychange', now);
    };
  }, [active]);
}
