import { io as connect, type Socket } from 'socket.io-client';
import { useAgentConsole } from '../../stores/agent/store.ts';
import type { ConsoleRequest } from '../../stores/agent/types.ts';
import { createClient } from './server.ts';

/**
 * Plays the agent console with its real store (stores/agent/store.ts): alerts and the list reloaded
 * after each (re)connect go through `upsertRequests`, and what it reports as new is what the page
 * would show and ring for. `shown` counts those per id — the test does no de-duplication of its own.
 * The agent takes (acknowledges) every open request on screen.
 */
export const startAgentConsole = (opts: { base: () => string; token: string; reconnect?: boolean; transports?: string[] }) => {
  const store = useAgentConsole.getState;
  store().clearRequests();
  const shown = new Map<string, number>();
  const stats = { arrivals: 0, connects: 0, ackFailures: 0, reloads: 0, reloadFailures: 0 };
  const show = (incoming: ConsoleRequest[]) => {
    for (const id of store().upsertRequests(incoming)) shown.set(id, (shown.get(id) ?? 0) + 1);
  };
  const socket: Socket = connect(opts.base(), {
    auth: { token: opts.token },
    forceNew: true,
    reconnection: opts.reconnect ?? true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    ...(opts.transports ? { transports: opts.transports } : {}),
  });
  const take = (id: string) =>
    socket
      .timeout(5000)
      .emitWithAck('service-request:ack', { id })
      .then((r: { ok: boolean }) => {
        if (r.ok) store().updateStatus(id, 'acknowledged');
        else stats.ackFailures++;
      })
      .catch(() => stats.ackFailures++); // socket closed under it: the list after the reconnect has it again

  socket.on('service-request:new', (alert: ConsoleRequest, received?: (seen: boolean) => void) => {
    stats.arrivals++;
    show([alert]);
    received?.(true);
    void take(alert.id);
  });
  socket.on('service-request:withdrawn', ({ id }: { id: string }) => store().removeRequest(id));
  socket.on('connect', async () => {
    stats.connects++;
    // As the page does after every (re)connect: reload the open list, then take what is still open.
    // A reload cut off by an instance going away is tried again, as a person would press retry.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await createClient(opts.base()).get('/api/agent/requests', { authorization: `Bearer ${opts.token}` });
        if (res.status !== 200) throw new Error(`GET /api/agent/requests → ${res.status}`);
        stats.reloads++;
        const open = res.json.requests as ConsoleRequest[];
        show(open);
        for (const r of open) if (r.status === 'pending' || r.status === 'delivered') void take(r.id);
        return;
      } catch {
        stats.reloadFailures++;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  return {
    socket,
    shown,
    stats,
    /** ids the console has on screen now */
    onScreen: () => store().order,
    close: () => socket.disconnect(),
  };
};
