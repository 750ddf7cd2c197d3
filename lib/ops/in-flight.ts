import type { ServerResponse } from 'node:http';

/**
 * Counts HTTP requests being answered, so a shutdown can wait for them: a customer's POST that
 * reached us is answered, not cut off. (Socket.IO's long-polling requests are not counted: they
 * are not work, and they end when the sockets close.)
 *
 * Closing the listening socket is not enough to drain: a client (or a balancer) with a kept-alive
 * connection goes on sending new requests on it, after "idle" and even while the database is being
 * closed — one such request failed with a 500 in the PostgreSQL shutdown test. So once draining, every
 * answer not yet written says `Connection: close`, and the client's next request opens a new
 * connection, which goes to another instance.
 */
export const createInFlight = () => {
  const live = new Set<ServerResponse>();
  let draining = false;
  let waiters: (() => void)[] = [];
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  return {
    track: (res: ServerResponse) => {
      live.add(res);
      if (draining) closeAfter(res);
      res.once('close', () => {
        live.delete(res);
        if (live.size === 0) waiters.splice(0).forEach((w) => w());
      });
    },
    count: () => live.size,
    /** From now on every answer closes its connection, those in flight included. */
    drain: () => {
      draining = true;
      live.forEach(closeAfter);
    },
    /** Resolves true when none is in flight, false if `timeoutMs` passed first. */
    idle: (timeoutMs: number): Promise<boolean> =>
      live.size === 0
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const timer = setTimeout(() => {
              waiters = waiters.filter((w) => w !== done);
              resolve(false);
            }, timeoutMs);
            const done = () => {
              clearTimeout(timer);
              resolve(true);
            };
            waiters.push(done);
          }),
  };
};
