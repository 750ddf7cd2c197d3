import type { FullConfig } from '@playwright/test';

/** The server is up; wait until the demo crowd has its consoles open, so every journey starts alike. */
export default async function globalSetup(config: FullConfig) {
  const base = config.projects[0]!.use.baseURL!;
  const until = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${base}/api/matches`, { method: 'POST' }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as { agent?: unknown } | null;
    if (body?.agent) return;
    if (Date.now() > until) throw new Error('no agent became available within 60 s: is the demo crowd running (DEMO_AGENTS=1)?');
    await new Promise((r) => setTimeout(r, 250));
  }
}
