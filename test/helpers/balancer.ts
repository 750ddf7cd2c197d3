import net from 'node:net';

/**
 * A tiny TCP balancer in front of app instances, as nginx would be: each new connection goes to the
 * first backend that accepts it, so while A is up everything (long-polling included) sticks to A;
 * once A stops accepting (SIGTERM) new connections — reconnects — go to B.
 */
export const startBalancer = async (backends: () => number[]) => {
  const routed: number[] = []; // backend port of each accepted connection, in order
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const tryNext = (ports: number[]) => {
      const port = ports[0];
      if (port === undefined) return client.destroy();
      const upstream = net.connect(port, '127.0.0.1');
      let accepted = false;
      upstream.once('error', () => {
        if (!accepted) tryNext(ports.slice(1));
      });
      upstream.once('connect', () => {
        accepted = true;
        routed.push(port);
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryNext(backends());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    close: () =>
      new Promise<void>((r) => {
        open.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
};
