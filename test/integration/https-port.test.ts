import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, eventually, freePort, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { testProvider } from '../helpers/pg.ts';

// Issue 23: try it on a phone. The server also speaks HTTPS with a certificate it made itself (kept
// under data/, beside the embedded database), and prints where to open it as a QR code.
let server: RunningServer;
let httpsPort: number;
afterEach(printLogsOnFailure(() => server));

const certFile = () =>
  testProvider() === 'postgres' ? path.resolve(import.meta.dirname, '../../data/tls/cert.pem') : path.join(server.dir, 'tls', 'cert.pem');

/** An HTTPS call that trusts exactly the certificate on disk, as a phone does once its person accepted it. */
const call = (method: string, p: string, body?: unknown) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: httpsPort, method, path: p, servername: 'localhost', ca: fs.readFileSync(certFile()), headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });

beforeAll(async () => {
  httpsPort = await freePort();
  server = await startServer({ env: { HTTPS_PORT: String(httpsPort) } });
}, 60_000);
afterAll(() => server?.stop());

describe('the HTTPS port for phones', () => {
  it('answers with the self-signed certificate kept on disk', async () => {
    const onDisk = new crypto.X509Certificate(fs.readFileSync(certFile()));
    const peer = await new Promise<tls.PeerCertificate>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: httpsPort, servername: 'localhost', rejectUnauthorized: false }, () => {
        resolve(s.getPeerCertificate());
        s.end();
      });
      s.on('error', reject);
    });
    expect(peer.fingerprint256).toBe(onDisk.fingerprint256);
    expect(onDisk.issuer).toBe(onDisk.subject); // self-signed: nobody else vouches for it
    expect(onDisk.checkHost('localhost')).toBe('localhost');
    expect(onDisk.checkIP('127.0.0.1')).toBe('127.0.0.1');
    // Not trusted by default: a phone shows its warning.
    await expect(
      new Promise((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', port: httpsPort, servername: 'localhost' }, () => resolve(s.end()));
        s.on('error', reject);
      }),
    ).rejects.toThrow(/self-signed|self signed/i);
  });

  it('serves the app there, with Secure cookies and sockets over TLS', async () => {
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    expect(page.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);

    const signUp = await call('POST', '/api/customers', { name: 'Phone Person', email: 'phone@example.com' });
    expect(signUp.status).toBe(201);
    const cookie = (signUp.headers['set-cookie'] as string[]).find((c) => c.startsWith('ea_customer='))!;
    expect(cookie).toMatch(/;\s*Secure/i);
    // On the plain port the same cookie is not Secure (a browser would drop a Secure cookie over http).
    const plain = await createClient(server.url).post('/api/customers', { name: 'Desk Person', email: 'desk@example.com' });
    expect(plain.headers.getSetCookie().find((c) => c.startsWith('ea_customer='))).not.toMatch(/Secure/i);

    // The customer's socket over wss:// on the same port.
    const socket = io(`https://localhost:${httpsPort}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ca: fs.readFileSync(certFile(), 'utf8'),
      extraHeaders: { cookie: cookie.split(';')[0]! },
      // localhost resolves to 127.0.0.1 here; the name is what the certificate says.
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('prints where to open it, with a QR code, once ready', async () => {
    // The banner's last line: a pipe may hand it over in more than one chunk.
    const out = await eventually(async () => {
      const text = server.logs.join('');
      return text.includes('摇一摇需要安全页面') && text;
    }, 30_000);
    expect(out).toMatch(new RegExp(`https://[\\w.]+:${httpsPort}/`));
    expect(out).toContain('Try the shake on your phone');
    // The QR code: rows of half blocks on a white background.
    expect(out.split('\n').filter((l) => /[▄▀█]/.test(l)).length).toBeGreaterThan(10);
  });

  it('keeps the certificate across restarts', async () => {
    const before = new crypto.X509Certificate(fs.readFileSync(certFile())).fingerprint256;
    const { dir, dbUrl } = server;
    await server.terminate();
    await server.db.$disconnect();
    server = await startServer({ dir, dbUrl, env: { HTTPS_PORT: String(httpsPort) } });
    await eventually(async () => server.logs.join('').includes('Exclusive Agent is ready'), 30_000);
    expect(server.logs.join('')).not.toContain('made a self-signed certificate');
    expect(new crypto.X509Certificate(fs.readFileSync(certFile())).fingerprint256).toBe(before);
    expect((await call('GET', '/api/health')).status).toBe(200);
  }, 60_000);
});
