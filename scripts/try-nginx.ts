// Tries docs/nginx.conf for real: PostgreSQL + Redis (scripts/test-services.ts), two instances of the
// production build, nginx in front (Debian's `nginx`; not needed by the tests). Everything on loopback;
// everything stopped at the end. Ports: NGINX_TRY_PORT (default 3300) and the two after it.
//   npm run build && node --import tsx scripts/try-nginx.ts
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { startTestServices } from './test-services.ts';
import { createDb } from '../lib/db/client.ts';
import { applyMigrations } from '../lib/db/migrate.ts';
import { hashPassword } from '../lib/credentials/password.ts';
import { ensureServerBundle, SERVER_BUNDLE } from './build-server.ts';

const base = Number(process.env.NGINX_TRY_PORT ?? 3300);
const [front, portA, portB] = [base, base + 1, base + 2];
const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-nginx-'));
const services = await startTestServices();
const children: ChildProcess[] = [];
const stopAll = async () => {
  try {
    execFileSync('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir, '-s', 'quit']);
  } catch {}
  // The instances shut down gracefully while PostgreSQL and Redis are still there.
  await Promise.all(
    children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))),
  );
  services.stop();
};
try {
  await applyMigrations({ url: services.pgUrl });
  const db = createDb(services.pgUrl);
  await db.agent.create({
    data: { handle: 'nginx-agent', email: 'nginx-agent@test.local', name: 'Nginx Agent', nameZh: '客服', capability: 90, status: 'online', credential: { create: { passwordHash: await hashPassword('right-password') } } },
  });
  await db.$disconnect();

  const start = (port: number, id: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--enable-source-maps', SERVER_BUNDLE], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: services.pgUrl, REDIS_URL: services.redisUrl, SESSION_SECRET: 'nginx-try-secret-0123456789', INSTANCE_ID: id, TRUST_PROXY: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening on') && resolve());
      child.once('exit', (code) => reject(new Error(`${id} exited ${code}`)));
    });
  await ensureServerBundle(root);
  await Promise.all([start(portA, 'try-a'), start(portB, 'try-b')]);

  const conf = fs
    .readFileSync(path.join(root, 'docs/nginx.conf'), 'utf8')
    .replace('127.0.0.1:3001', `127.0.0.1:${portA}`)
    .replace('127.0.0.1:3002', `127.0.0.1:${portB}`)
    .replace('listen 80;', `listen 127.0.0.1:${front};`)
    .replace('/tmp/nginx-exclusive-agent.pid', path.join(dir, 'nginx.pid'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `error_log ${path.join(dir, 'error.log')};\n${conf}`);
  execFileSync('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir]);

  const url = `http://127.0.0.1:${front}`;
  const ready = await (await fetch(`${url}/api/ready`)).json();
  console.info('ready through nginx:', JSON.stringify(ready));
  const login = await (await fetch(`${url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nginx-agent@test.local', password: 'right-password' }) })).json();

  // The agent on the instance nginx does NOT pick for this client, the customer through nginx.
  const servedBy = String(ready.instance).startsWith('try-a-') ? portA : portB;
  const other = servedBy === portA ? portB : portA;
  const direct = io(`http://127.0.0.1:${other}`, { auth: { token: login.token }, forceNew: true });
  const viaNginx = io(url, { auth: { token: login.token }, forceNew: true }); // default: polling, then upgrade
  const alerts: string[] = [];
  direct.on('service-request:new', (a: { id: string }, ack: (v: boolean) => void) => (alerts.push(`direct:${a.id}`), ack(true)));
  viaNginx.on('service-request:new', (a: { id: string }, ack: (v: boolean) => void) => (alerts.push(`nginx:${a.id}`), ack(true)));
  await Promise.all([direct, viaNginx].map((s) => new Promise<void>((r) => s.once('connect', () => r()))));
  await new Promise((r) => setTimeout(r, 500));
  console.info('agent socket through nginx upgraded to:', viaNginx.io.engine.transport.name);

  const jar: string[] = [];
  const post = async (p: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: jar.join('; '), ...headers }, body: JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) jar.push(c.split(';')[0]!);
    return { status: res.status, json: (await res.json()) as any };
  };
  await post('/api/customers', { name: 'Through Nginx', email: 'nginx@example.com' });
  const m = await post('/api/matches', {});
  await post(`/api/matches/${m.json.matchId}/choose`, {});
  const r = await post('/api/service-requests', { message: 'hello through nginx' }, { 'Idempotency-Key': 'nginx-try-1' });
  await new Promise((res) => setTimeout(res, 1000));
  console.info(`request ${r.status} via nginx (served by ${ready.instance}); alerts:`, alerts.join(', '));
  const ok = r.status === 201 && alerts.includes(`direct:${r.json.request.id}`) && alerts.includes(`nginx:${r.json.request.id}`) && viaNginx.io.engine.transport.name === 'websocket';
  console.info(ok ? 'OK: both tabs (one on each instance) got the alert; the nginx one runs on WebSocket' : 'FAILED');
  direct.disconnect();
  viaNginx.disconnect();
  process.exitCode = ok ? 0 : 1;
} finally {
  await stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
}
