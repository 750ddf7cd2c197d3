import type { SocketKind } from '../ops/metrics.ts';
import type { RealtimeServer } from './io.ts';

/** This instance's connections by who is on them (for /metrics; read at scrape time, a walk over local sockets). */
export const socketsByKind = (io: RealtimeServer): Record<SocketKind, number> => {
  const n: Record<SocketKind, number> = { agent: 0, demo: 0, customer: 0, visitor: 0 };
  for (const s of io.of('/').sockets.values()) {
    const d = s.data;
    if (d?.agentId) n[d.demo ? 'demo' : 'agent']++;
    else if (d?.customerId) n.customer++;
    else if (d?.visitor) n.visitor++;
  }
  return n;
};
