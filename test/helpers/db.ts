import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { createDb, type Db } from '../../lib/db/client.ts';

/** A real SQLite file built only from the committed migrations. */
export const createTestDb = async (): Promise<{ db: Db; url: string; dir: string; cleanup: () => Promise<void> }> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  await applyMigrations({ url });
  const db = createDb(url);
  return {
    db,
    url,
    dir,
    cleanup: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

let counter = 0;

export const makeAgent = (
  db: Db,
  data: {
    capability: number;
    status?: 'online' | 'away' | 'offline';
    handle?: string;
    id?: string;
    active?: boolean;
    passwordHash?: string;
    /** a console is live (default: yes) — domain tests stand in for the socket this way */
    connected?: boolean;
    languages?: string[];
    skills?: string[];
  },
) => {
  const handle = data.handle ?? `agent${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  return db.agent.create({
    data: {
      ...(data.id ? { id: data.id } : {}),
      handle,
      email: `${handle}@test.local`,
      name: `Agent ${handle}`,
      nameZh: `客服${counter}`,
      capability: data.capability,
      status: data.status ?? 'online',
      active: data.active ?? true,
      connected: data.connected ?? true,
      languages: JSON.stringify(data.languages ?? ['zh-CN', 'en']),
      skills: JSON.stringify(data.skills ?? []),
      ...(data.passwordHash ? { credential: { create: { passwordHash: data.passwordHash } } } : {}),
    },
  });
};

export const makeCustomer = (db: Db, data: { name?: string; phone?: string; email?: string; im?: string } = {}) =>
  db.customer.create({ data: { name: data.name ?? 'Zhang San', phone: data.phone ?? null, email: data.email ?? 'zs@example.com', im: data.im ?? null } });

/** beforeEach/afterEach pair: every test gets its own database file built from the migrations. */
export const useTestDb = (hooks: { beforeEach: (fn: () => Promise<void>) => void; afterEach: (fn: () => Promise<void>) => void }) => {
  let current: Awaited<ReturnType<typeof createTestDb>> | undefined;
  hooks.beforeEach(async () => {
    current = await createTestDb();
  });
  hooks.afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return () => current!.db;
};

/**
 * `db` with `between` run once, right after the first `method` call on `model` returned: another writer's
 * moment between a read and the write it decides (issue 26's read-then-write paths, made to lose every time).
 */
export const interleaved = <M extends 'serviceRequest' | 'callback'>(db: Db, model: M, method: 'findUnique' | 'findFirst', between: () => Promise<unknown>): Db => {
  let done = false;
  const delegate = new Proxy(db[model], {
    get: (t, prop) => {
      const value = Reflect.get(t, prop, t) as unknown;
      if (prop !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(t) : value;
      return async (args: unknown) => {
        const row = await value.call(t, args);
        if (!done) {
          done = true;
          await between();
        }
        return row;
      };
    },
  });
  return new Proxy(db, { get: (t, prop) => (prop === model ? delegate : Reflect.get(t, prop, t)) }) as Db;
};
