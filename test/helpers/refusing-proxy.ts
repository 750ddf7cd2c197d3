import http from 'node:http';
import net from 'node:net';

/**
 * An HTTP proxy in front of a server for the demo crowd's tests: it refuses the first `refuseSignIns`
 * agent sign-ins as a busy or throttling server would (503 / 429 with Retry-After), passes everything
 * else (WebSocket upgrades too), and can cut every connection through it at once, as a network blip does.
 */
export const startRefusingProxy = async (opts: { target: () => number; refuseSignIns: number }) => {
  let refused = 0;
  const open = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/api/agent/login' && refused < opts.refuseSignIns) {
      refused++;
      const status = refused % 2 ? 503 : 429;
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: { code: status === 503 ? 'overloaded' : 'too_many_requests', message: 'refused by the test proxy' } }));
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: opts.target(), method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('upgrade', (req, client, head) => {
    const upstream = net.connect(opts.target(), '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)];
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client as net.Socket).pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    refused: () => refused,
    /** every connection through the proxy closed at once (sockets reconnect through it) */
    dropAll: () => open.forEach((s) => s.destroy()),
    close: () =>
      new Promise<void>((r) => {
        open.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
};
