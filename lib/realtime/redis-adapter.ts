import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { log } from '../log.ts';
import type { RealtimeServer } from './io.ts';

/**
 * Socket.IO events cross instances through Redis pub/sub (@socket.io/redis-adapter): an alert emitted
 * on instance B reaches the agent's tab connected to A. Why Redis rather than the PostgreSQL adapter:
 * docs/deploy.md. `key` separates apps (or test runs) sharing one Redis.
 */
export const attachRedisAdapter = async (io: RealtimeServer, opts: { url: string; key?: string }) => {
  const pub = new Redis(opts.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = pub.duplicate();
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    client.on('error', (err) => log.error({ err: err.message, client: name }, 'redis connection error'));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: opts.key ?? 'socket.io', requestsTimeout: 3000 }));
  return {
    /** a connected command client (the publisher is never in subscriber mode): the shared throttle counters use it */
    client: pub,
    ping: async () => ({ ok: (await pub.ping()) === 'PONG' && sub.status === 'ready', detail: `redis ${pub.status}/${sub.status}` }),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
};
