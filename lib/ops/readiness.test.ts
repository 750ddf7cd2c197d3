import { describe, expect, it } from 'vitest';
import { markDraining, readiness, setReadinessChecks } from './readiness.ts';

// One module state per test file (globalThis); the order of these tests matters: draining is last.
describe('readiness', () => {
  it('is ready only when every check passes', async () => {
    setReadinessChecks({ database: async () => ({ ok: true }), adapter: async () => ({ ok: true }) });
    expect(await readiness()).toMatchObject({ ready: true, checks: { database: { ok: true }, adapter: { ok: true } } });
    setReadinessChecks({ database: async () => ({ ok: true }), adapter: async () => ({ ok: false, detail: 'redis down' }) });
    expect(await readiness()).toMatchObject({ ready: false, checks: { adapter: { ok: false, detail: 'redis down' } } });
  });

  it('a check that throws or hangs makes it not ready, with the reason, within the timeout', async () => {
    setReadinessChecks({
      database: async () => {
        throw new Error('connection refused');
      },
      adapter: () => new Promise(() => {}),
    });
    const r = await readiness(100);
    expect(r.ready).toBe(false);
    expect(r.checks.database).toMatchObject({ ok: false, detail: 'connection refused' });
    expect(r.checks.adapter).toMatchObject({ ok: false, detail: 'no answer within 100 ms' });
  });

  it('is not ready once draining, even with every check passing', async () => {
    setReadinessChecks({ database: async () => ({ ok: true }) });
    markDraining();
    expect(await readiness()).toMatchObject({ ready: false, draining: true });
  });
});
