// Starts a throw-away PostgreSQL and Redis on loopback for the tests (vitest globalSetup uses it;
// `npm run services` starts them by hand and prints the URLs). Debian's packages: postgresql, redis-server.
// Data lives in a temporary folder and is removed on stop; nothing is written elsewhere.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type TestServices = {
  pgUrl: string;
  redisUrl: string;
  /** the postmaster (its backends are its children) and redis-server: benchmarks read their CPU from /proc */
  pids: { postgres: number; redis: number };
  stop: () => void;
  /**
   * Stops and starts each service on its own port and data (a storm test's blinks): Redis loses its
   * keys (no persistence), PostgreSQL keeps its data (a fast shutdown, like a restart in production).
   */
  blink: {
    stopRedis: () => Promise<void>;
    startRedis: () => Promise<void>;
    stopPg: () => void;
    startPg: () => void;
  };
};

const PG_BIN_ROOT = '/usr/lib/postgresql';

/** Debian keeps PostgreSQL's programs per major version; the newest installed one is used. */
export const findPgBin = (): string | null => {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  if (!fs.existsSync(PG_BIN_ROOT)) return null;
  const versions = fs.readdirSync(PG_BIN_ROOT).filter((v) => fs.existsSync(path.join(PG_BIN_ROOT, v, 'bin', 'initdb')));
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(PG_BIN_ROOT, newest, 'bin') : null;
};

const hasRedis = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

export const servicesInstalled = (): boolean => findPgBin() !== null && hasRedis();

const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

const freePortFrom = async (start: number): Promise<number> => {
  for (let p = start; p < start + 200; p++) if (await isFree(p)) return p;
  throw new Error(`no free port in ${start}..${start + 199}`);
};

/** initdb refuses to run as root: as root, the data folder is handed to the `postgres` user. */
const asPostgresUser = (cmd: string[]): void => {
  const line = cmd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  if (process.getuid?.() === 0) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { stdio: 'pipe' });
  else execFileSync('/bin/sh', ['-c', line], { stdio: 'pipe' });
};

/** `pgOptions`: more server settings, e.g. `-c shared_preload_libraries=pg_stat_statements` (benchmarks). */
export const startTestServices = async (opts: { pgPort?: number; redisPort?: number; pgOptions?: string } = {}): Promise<TestServices> => {
  const bin = findPgBin();
  if (!bin || !hasRedis()) throw new Error('PostgreSQL or Redis is not installed: apt-get install -y postgresql redis-server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-services-'));
  fs.chmodSync(dir, 0o755);
  const pgDir = path.join(dir, 'pg');
  fs.mkdirSync(pgDir, { mode: 0o700 });
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', pgDir]);

  const pgPort = await freePortFrom(opts.pgPort ?? Number(process.env.TEST_PG_PORT ?? 55432));
  const redisPort = await freePortFrom(opts.redisPort ?? Number(process.env.TEST_REDIS_PORT ?? 56379));

  asPostgresUser([path.join(bin, 'initdb'), '-D', pgDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // Throw-away data: durability settings off for speed (an app crash test kills the app, not PostgreSQL).
  const pgOptions = `-k ${pgDir} -p ${pgPort} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200${opts.pgOptions ? ` ${opts.pgOptions}` : ''}`;
  const startPg = () => asPostgresUser([path.join(bin, 'pg_ctl'), '-D', pgDir, '-o', pgOptions, '-l', path.join(pgDir, 'log'), '-w', 'start']);
  const stopPg = () => asPostgresUser([path.join(bin, 'pg_ctl'), '-D', pgDir, '-m', 'fast', '-w', 'stop']);
  startPg();

  const readPid = (file: string) => {
    try {
      return Number(fs.readFileSync(file, 'utf8').split('\n')[0]) || 0;
    } catch {
      return 0;
    }
  };
  const redisDir = path.join(dir, 'redis');
  fs.mkdirSync(redisDir);
  const pidfile = path.join(redisDir, 'redis.pid');
  const redisLog = path.join(redisDir, 'log');
  const logSince = (offset: number) => (fs.existsSync(redisLog) ? fs.readFileSync(redisLog, 'utf8').slice(offset) : '');
  const startRedis = async (attempts = 10): Promise<void> => {
    const offset = fs.existsSync(redisLog) ? fs.statSync(redisLog).size : 0;
    execFileSync('redis-server', [
      '--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--daemonize', 'yes', '--pidfile', pidfile, '--dir', redisDir, '--logfile', redisLog,
    ]);
    // Wait until Redis answers (daemonize returns before it listens), or says it could not.
    for (let i = 0; i < 100 && (await isFree(redisPort)) && !logSince(offset).includes('aborting'); i++) await new Promise((r) => setTimeout(r, 50));
    // Redis listens before it writes its pid file.
    for (let i = 0; i < 100 && !readPid(pidfile) && !logSince(offset).includes('aborting'); i++) await new Promise((r) => setTimeout(r, 20));
    if (!readPid(pidfile)) {
      // The port taken for a moment (seen once right after a stop): try again, then say who holds it.
      const holders = spawnSync('ss', ['-tanp'], { encoding: 'utf8' }).stdout?.split('\n').filter((l) => l.includes(`:${redisPort} `)) ?? [];
      const tail = logSince(offset).trim().split('\n').slice(-2).join('\n');
      console.warn(`redis-server did not start on port ${redisPort} (${attempts - 1} more tries):\n${tail}\n${holders.join('\n')}`);
      if (attempts <= 1) throw new Error(`redis-server did not start on port ${redisPort}:\n${tail}\n${holders.join('\n')}`);
      await new Promise((r) => setTimeout(r, 300));
      return startRedis(attempts - 1);
    }
  };
  const stopRedis = async () => {
    const pid = readPid(pidfile);
    if (pid) process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && !(await isFree(redisPort)); i++) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 100 && fs.existsSync(pidfile); i++) await new Promise((r) => setTimeout(r, 20));
  };
  await startRedis();
  const pids = { postgres: readPid(path.join(pgDir, 'postmaster.pid')), redis: readPid(pidfile) };

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asPostgresUser([path.join(bin, 'pg_ctl'), '-D', pgDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* already gone */
    }
    try {
      const pid = Number(fs.readFileSync(pidfile, 'utf8'));
      if (pid) process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return {
    pgUrl: `postgresql://postgres@127.0.0.1:${pgPort}/postgres`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    pids,
    stop,
    blink: { stopRedis, startRedis, stopPg, startPg },
  };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startTestServices();
  console.info(`DATABASE_URL=${s.pgUrl}\nREDIS_URL=${s.redisUrl}\n(Ctrl-C stops both and removes their data)`);
  const end = () => {
    s.stop();
    process.exit(0);
  };
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  setInterval(() => {}, 1 << 30);
}
