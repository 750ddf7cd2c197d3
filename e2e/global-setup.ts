import type { FullConfig } from '@playwright/test';
import { DEMO_AGENTS } from '../lib/demo/seed.ts';

/**
 * The server is up; wait until the whole demo crowd has its consoles open (it signs them in one after
 * the other), so every journey starts alike whichever runs first: a search shows every online demo agent.
 */
export default async function globalSetup(config: FullConfig) {
  const base = config.projects[0]!.use.baseURL!;
  const crowd = DEMO_AGENTS.filter((a) => a.status === 'online').length;
  const until = Date.now() + 60_000;
  let available = 0;
  for (;;) {
    const res = await fetch(`${base}/api/matches`, { method: 'POST' }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as { agent?: unknown; remaining?: number } | null;
    available = body?.agent ? 1 + (body.remaining ?? 0) : 0;
    if (available >= crowd) return;
    if (Date.now() > until) throw new Error(`${available} of ${crowd} demo agents became available within 60 s: is the demo crowd running (DEMO_AGENTS=1)?`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
