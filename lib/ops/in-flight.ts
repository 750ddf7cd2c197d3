import type { ServerResponse } from 'node:http';

/**
 * Counts HTTP requests being answered, so a shutdown can wait for them: a customer's POST that
 * reached us is answered, not cut off. (Socket.IO's long-polling requests are not counted: they
 * are not work, and they end when the sockets close.)
 */
export const createInFlight = () => {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    track: (res: ServerResponse) => {
      count++;
      res.once('close', () => {
        count--;
        if (count === 0) waiters.splice(0).forEach((w) => w());
      });
    },
    count: () => count,
    /** Resolves true when none is in flight, false if `timeoutMs` passed first. */
    idle: (timeoutMs: number): Promise<boolean> =>
      count === 0
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
