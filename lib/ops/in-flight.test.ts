import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createInFlight } from './in-flight.ts';

// A real HTTP server and a keep-alive client, as a balancer or a browser keeps connections open.
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
});

const start = async () => {
  const inFlight = createInFlight();
  const held: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    inFlight.track(res);
    // Each request is answered when the test lets it go.
    held.push(() => res.end('ok'));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ connection: string | undefined; socket: unknown }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ connection: res.headers.connection, socket: req.socket }));
      });
      req.on('error', reject);
    });
  const waitHeld = async (n: number) => {
    while (held.length < n) await new Promise((r) => setTimeout(r, 5));
  };
  return { inFlight, held, get, waitHeld, agent };
};

describe('in-flight requests', () => {
  it('counts requests until they are answered, and idle() resolves when the last one is', async () => {
    const s = await start();
    const first = s.get();
    await s.waitHeld(1);
    expect(s.inFlight.count()).toBe(1);
    let idle = false;
    const waiting = s.inFlight.idle(5000).then((v) => (idle = v));
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toBe(false);
    s.held[0]!();
    await first;
    expect(await waiting).toBe(true);
    expect(s.inFlight.count()).toBe(0);
    s.agent.destroy();
  });

  it('once draining, answers close their connection: a keep-alive client cannot slip new requests in behind the drain', async () => {
    const s = await start();
    // Before the drain, the connection is reused.
    const a = s.get();
    await s.waitHeld(1);
    s.held[0]!();
    const before = await a;
    expect(before.connection).toBe('keep-alive');

    // A request in flight when the drain starts: its answer (not yet written) closes the connection.
    const b = s.get();
    await s.waitHeld(2);
    s.inFlight.drain();
    s.held[1]!();
    const during = await b;
    expect(during.connection).toBe('close');
    expect(during.socket).toBe(before.socket); // it came on the kept-alive connection…

    // …and the next request needs a new connection, which a balancer sends to another instance.
    const c = s.get();
    await s.waitHeld(3);
    s.held[2]!();
    const after = await c;
    expect(after.socket).not.toBe(before.socket);
    expect(after.connection).toBe('close');
    s.agent.destroy();
  });
});
