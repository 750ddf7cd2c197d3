import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, makeAgent, makeCustomer } from '../../../test/helpers/db.ts';
import { silentNotifier } from '../../events/dispatcher.ts';
import { syncRoster } from './sync-roster.ts';
import fs from 'node:fs';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures');
const NOW = new Date('2026-11-30T12:00:00Z');

let t: Awaited<ReturnType<typeof createTestDb>>;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

const sync = (source: string) => syncRoster({ db: t.db, notify: silentNotifier, source, now: NOW });

describe('syncRoster', () => {
  it('from a JSON file: creates active employees, leaves the inactive one out; a second sync changes nothing', async () => {
    const first = await sync(path.join(FIXTURES, 'roster.json'));
    expect(first.counts).toMatchObject({ rows: 3, created: 2, updated: 0, deactivated: 0, unchanged: 1, skipped: 0 });
    const ada = await t.db.agent.findUniqueOrThrow({ where: { employeeId: 'E100' } });
    expect(ada).toMatchObject({ name: 'Ada Wong', nameZh: '黄爱达', email: 'ada.wong@corp.example', handle: 'ada.wong', capacity: 150, status: 'offline', active: true, capability: 57 });
    expect(JSON.parse(ada.languages)).toEqual(['en', 'zh-CN']);
    expect((await sync(path.join(FIXTURES, 'roster.json'))).counts).toMatchObject({ created: 0, updated: 0, deactivated: 0, unchanged: 3 });
  });

  it('from a CSV file: updates, deactivates those gone (their customers asked about a handover), skips bad rows by employee id; presence untouched', async () => {
    await sync(path.join(FIXTURES, 'roster.json'));
    const bo = await t.db.agent.update({ where: { employeeId: 'E101' }, data: { status: 'online' } });
    // Someone left the roster since: E999 is bound to a customer.
    const gone = await makeAgent(t.db, { capability: 70, handle: 'gone' });
    await t.db.agent.update({ where: { id: gone.id }, data: { employeeId: 'E999' } });
    const customer = await makeCustomer(t.db);
    await t.db.binding.create({ data: { customerId: customer.id, agentId: gone.id } });
    const demo = await makeAgent(t.db, { capability: 80, handle: 'demo' });

    const result = await sync(path.join(FIXTURES, 'roster.csv'));
    expect(result.counts).toMatchObject({ rows: 5, created: 1, updated: 1, deactivated: 1, unchanged: 1, skipped: 2 });
    expect(result.errors).toEqual([
      { ref: 'E103', reason: 'email: must be an email address' },
      { ref: 'E104', reason: 'active: must be true or false' },
    ]);
    expect(JSON.parse((await t.db.agent.findUniqueOrThrow({ where: { employeeId: 'E100' } })).skills)).toEqual(['billing', 'refunds']);
    expect(await t.db.agent.findUniqueOrThrow({ where: { id: bo.id } })).toMatchObject({ status: 'online', active: true });
    expect(await t.db.agent.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({ active: false, status: 'offline' });
    expect(await t.db.binding.findFirstOrThrow({ where: { agentId: gone.id } })).toMatchObject({ state: 'pending_handover', handoverReason: 'agent_left', handoverAt: NOW, endedAt: null });
    expect(await t.db.agent.findUniqueOrThrow({ where: { id: demo.id } })).toMatchObject({ active: true, status: 'online' });
    expect(await t.db.agent.count({ where: { employeeId: 'E105' } })).toBe(1);
  });

  it('from a local HTTP server, JSON or CSV by content type', async () => {
    const csv = fs.readFileSync(path.join(FIXTURES, 'roster.csv'), 'utf8');
    const json = fs.readFileSync(path.join(FIXTURES, 'roster.json'), 'utf8');
    const server = http.createServer((req, res) => {
      if (req.url === '/roster') return res.writeHead(200, { 'content-type': 'application/json' }).end(json);
      if (req.url === '/export') return res.writeHead(200, { 'content-type': 'text/csv' }).end(csv);
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await sync(`${base}/roster`)).counts).toMatchObject({ created: 2 });
      expect((await sync(`${base}/export`)).counts).toMatchObject({ created: 1, updated: 1, skipped: 2 });
      await expect(sync(`${base}/down`)).rejects.toThrow('answered HTTP 503');
    } finally {
      server.close();
    }
  });

  it('an unreadable roster changes nothing and says why', async () => {
    await expect(sync(path.join(FIXTURES, 'missing.json'))).rejects.toThrow('Could not read the roster file');
    await expect(syncRoster({ db: t.db, notify: silentNotifier, source: undefined, now: NOW })).rejects.toThrow('ROSTER_SOURCE is not set');
    expect(await t.db.agent.count()).toBe(0);
  });
});

/** `npm run job -- roster` as a child process; resolves with its exit code and output. */
const runCli = (env: Record<string, string>) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/job.ts', 'roster'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });

describe('npm run job -- roster', () => {
  it('exits 0 when all rows applied, 2 when some were skipped, 1 on failure; each run recorded', async () => {
    const ok = await runCli({ DATABASE_URL: t.url, ROSTER_SOURCE: path.join(FIXTURES, 'roster.json') });
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('roster: succeeded');
    const partial = await runCli({ DATABASE_URL: t.url, ROSTER_SOURCE: path.join(FIXTURES, 'roster.csv') });
    expect(partial.code, partial.out).toBe(2);
    expect(partial.out).toContain('E103: email: must be an email address');
    const failed = await runCli({ DATABASE_URL: t.url, ROSTER_SOURCE: path.join(FIXTURES, 'nope.csv') });
    expect(failed.code, failed.out).toBe(1);
    const runs = await t.db.jobRun.findMany({ orderBy: { startedAt: 'asc' } });
    expect(runs.map((r) => [r.job, r.trigger, r.status])).toEqual([
      ['roster', 'cli', 'succeeded'],
      ['roster', 'cli', 'partial'],
      ['roster', 'cli', 'failed'],
    ]);
  }, 60_000);
});
