import { instanceId } from '../instance.ts';

/**
 * Liveness and readiness, as a load balancer asks for them. server.ts registers the checks (database,
 * Socket.IO adapter, migrations); the route handlers (another bundle) reach them through globalThis.
 */
export type CheckResult = { ok: boolean; detail?: string; ms?: number };
export type Check = () => Promise<CheckResult>;

type State = { checks: Record<string, Check>; draining: boolean; startedAt: number };
const holder = globalThis as unknown as { __readiness?: State };
const state = (): State => (holder.__readiness ??= { checks: {}, draining: false, startedAt: Date.now() });

export const setReadinessChecks = (checks: Record<string, Check>): void => {
  state().checks = checks;
};

/** From the first moment of a shutdown: not ready, so the balancer sends nobody new here. */
export const markDraining = (): void => {
  state().draining = true;
};

export const isDraining = (): boolean => state().draining;

export const health = () => ({ ok: true, instance: instanceId(), uptimeS: Math.round((Date.now() - state().startedAt) / 1000), draining: state().draining });

const withTimeout = async (check: Check, timeoutMs: number): Promise<CheckResult> => {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      check(),
      new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      }),
    ]);
    return { ...result, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
};

export const readiness = async (timeoutMs = 2000) => {
  const s = state();
  const names = Object.keys(s.checks);
  const results = await Promise.all(names.map((n) => withTimeout(s.checks[n]!, timeoutMs)));
  const checks = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
  const ready = !s.draining && names.length > 0 && results.every((r) => r.ok);
  return { ready, instance: instanceId(), draining: s.draining, checks };
};
