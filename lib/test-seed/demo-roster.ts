// Test-only (TEST_SEED_API=1): after an e2e test, the demo roster is put back as the seed made it, so
// the next journey finds the same service whatever ran before it — every demo agent on the team with
// their seeded status, and a demo console open for each one seeded online (one whose console went quiet
// because a test signed in as them gets it back).
import type { Db } from '../db/client.ts';
import { DEMO_AGENTS } from '../db/seed.ts';
import { changeAgentStatus } from '../requests/follow-presence.ts';
import type { Notifier } from '../requests/notifier.ts';

/** How a route handler reaches the demo crowd process that server.ts started (none with DEMO_AGENTS=0). */
type DemoCrowdLink = { rejoin: (handles: string[]) => void };
const holder = globalThis as unknown as { __demoCrowdLink?: DemoCrowdLink };
export const linkDemoCrowd = (link: DemoCrowdLink | undefined): void => {
  holder.__demoCrowdLink = link;
};

const ONLINE = DEMO_AGENTS.filter((a) => a.status === 'online').map((a) => a.handle);

/** The online demo agents with no console connection at all (the grace period does not count here). */
const withoutConsole = async (db: Db): Promise<string[]> => {
  const rows = await db.agent.findMany({ where: { handle: { in: ONLINE } }, select: { handle: true, _count: { select: { connections: true } } } });
  return rows.filter((r) => r._count.connections === 0).map((r) => r.handle);
};

export const resetDemoRoster = async (opts: { db: Db; notify: Notifier; maxHops: number; waitMs?: number }) => {
  const { db, notify } = opts;
  const restored: string[] = [];
  const rows = await db.agent.findMany({ where: { handle: { in: DEMO_AGENTS.map((a) => a.handle) } }, select: { id: true, handle: true, active: true, status: true } });
  for (const row of rows) {
    const seeded = DEMO_AGENTS.find((a) => a.handle === row.handle)!.status;
    if (row.active && row.status === seeded) continue;
    if (!row.active) await db.agent.update({ where: { id: row.id }, data: { active: true } });
    // Through the domain, so presence, held requests and waiting customers follow as for a real change.
    await changeAgentStatus({ db, notify, maxHops: opts.maxHops, agentId: row.id, status: seeded });
    restored.push(row.handle);
  }
  const missing = await withoutConsole(db);
  const link = holder.__demoCrowdLink;
  if (!missing.length || !link) return { restored, rejoined: [] as string[], stillMissing: link ? [] : missing };
  // As seeded: no real person has just left these accounts, so the demo may sit down at once
  // (otherwise it waits out the presence grace, lib/agents/demo-consoles.ts). Not while a person is there.
  await db.agent.updateMany({ where: { handle: { in: missing }, connections: { none: { demo: false } } }, data: { humanLeftAt: null } });
  link.rejoin(missing);
  // The crowd signs them in through the public API; answer once their consoles are counted.
  const until = Date.now() + (opts.waitMs ?? 15_000);
  let still = missing;
  while (still.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    still = await withoutConsole(db);
  }
  return { restored, rejoined: missing.filter((h) => !still.includes(h)), stillMissing: still };
};
