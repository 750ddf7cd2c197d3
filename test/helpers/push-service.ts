import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error http_ece ships no types; it is the library web-push encrypts with (RFC 8291 aes128gcm).
import ece from 'http_ece';

export type PushReceived = { path: string; headers: http.IncomingHttpHeaders; body: Buffer };

/**
 * A local HTTPS endpoint standing in for a browser's push service (push services are HTTPS only, and
 * web-push speaks nothing else), and the browser's side of a subscription: the test holds the P-256
 * key pair and auth secret, so it can decrypt what arrives. The certificate is made here for
 * 127.0.0.1 (openssl); the app server trusts it through NODE_EXTRA_CA_CERTS=`caFile`.
 */
export const startPushService = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-push-'));
  const keyFile = path.join(dir, 'key.pem');
  const caFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const received: PushReceived[] = [];
  const waiters: (() => void)[] = [];
  /** paths answered with this status instead of 201 (e.g. 410: the subscription is gone) */
  const statusFor = new Map<string, number>();
  const server = https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(caFile) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(statusFor.get(req.url ?? '') ?? 201).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `https://127.0.0.1:${(server.address() as { port: number }).port}`;

  const subscription = (name: string) => {
    const ecdh = crypto.createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = crypto.randomBytes(16);
    const json = { endpoint: `${base}/push/${name}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    const decrypt = (body: Buffer) => JSON.parse(ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth.toString('base64url') }).toString('utf8'));
    return { json, path: `/push/${name}`, decrypt };
  };

  /** Resolves with the next push to `path` that arrives after `after` pushes to it (fails after `timeoutMs`). */
  const nextTo = (path: string, after: number, timeoutMs = 10_000) =>
    new Promise<PushReceived>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no push to ${path} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const mine = received.filter((r) => r.path === path);
        if (mine.length > after) {
          clearTimeout(timer);
          resolve(mine[after]!);
        } else waiters.push(check);
      };
      check();
    });
  const countTo = (path: string) => received.filter((r) => r.path === path).length;

  return { base, caFile, received, statusFor, subscription, nextTo, countTo, stop: () => new Promise<void>((r) => server.close(() => r())).finally(() => fs.rmSync(dir, { recursive: true, force: true })) };
};
