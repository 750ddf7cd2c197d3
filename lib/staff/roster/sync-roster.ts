import type { Db } from '../../db/client.ts';
import type { Notifier } from '../../events/types.ts';
import { parseStringList } from '../../string-list.ts';
import { AVATAR_COLORS, handleFor, startingCapability } from '../../agents/new-agent.ts';
import { afterAgentLeft, agentLeavesWrites } from '../deactivate-agent.ts';
import { cancelHandovers } from '../handover.ts';
import { diffRoster, type RosterDiff } from './roster-diff.ts';
import { loadRoster } from './load-roster.ts';

/** What one sync did, in the shape a job run records (lib/jobs/run-job.ts): counts, and the rows skipped with why. */
export type RosterSyncResult = { counts: Record<string, number>; errors: { ref: string; reason: string }[]; diff: RosterDiff };

/**
 * The `roster` job: reads the roster, works out the diff, and applies all good rows — creates,
 * updates, deactivations — in one transaction. Presence (status, last seen) is never written, except
 * that an agent who leaves is offline, as with `npm run agent -- deactivate`; after the commit their
 * open requests are re-routed the same way. Bad rows are returned as errors (the run is "partial").
 */
export const syncRoster = async (opts: { db: Db; notify: Notifier; source: string | undefined; now: Date }): Promise<RosterSyncResult> => {
  if (!opts.source) throw new Error('ROSTER_SOURCE is not set: give a JSON or CSV file path or an http(s) URL.');
  const { rows } = await loadRoster(opts.source);
  const { db, now } = opts;
  const agents = await db.agent.findMany({
    select: { id: true, handle: true, employeeId: true, email: true, name: true, nameZh: true, languages: true, skills: true, capacity: true, active: true },
  });
  const diff = diffRoster({
    current: agents.map((a) => ({ ...a, languages: parseStringList(a.languages), skills: parseStringList(a.skills) })),
    rows,
  });

  const taken = new Set(agents.map((a) => a.handle));
  const startScore = startingCapability();
  const writes = [
    ...diff.create.map((r, i) =>
      db.agent.create({
        data: {
          employeeId: r.employeeId,
          handle: handleFor(r.email, r.employeeId, taken),
          email: r.email,
          name: r.name,
          nameZh: r.nameZh ?? r.name,
          languages: JSON.stringify(r.languages),
          skills: JSON.stringify(r.skills),
          capacity: r.capacity,
          capability: startScore,
          avatarColor: AVATAR_COLORS[(agents.length + i) % AVATAR_COLORS.length]!,
          status: 'offline',
        },
      }),
    ),
    ...diff.update.map((u) =>
      db.agent.update({
        where: { id: u.id },
        data: {
          employeeId: u.employeeId,
          name: u.row.name,
          ...(u.row.nameZh !== undefined ? { nameZh: u.row.nameZh } : {}),
          email: u.row.email,
          languages: JSON.stringify(u.row.languages),
          skills: JSON.stringify(u.row.skills),
          capacity: u.row.capacity,
          ...(u.reactivate ? { active: true } : {}),
        },
      }),
    ),
    ...diff.deactivate.flatMap((d) => agentLeavesWrites(db, d.id, now)),
  ];
  if (writes.length) await db.$transaction(writes);

  let rerouted = 0;
  for (const d of diff.deactivate) rerouted += (await afterAgentLeft({ db, notify: opts.notify, agentId: d.id, now })).length;
  for (const u of diff.update) if (u.reactivate) await cancelHandovers({ db, notify: opts.notify, agentId: u.id, now });

  return {
    diff,
    counts: {
      rows: rows.length,
      created: diff.create.length,
      updated: diff.update.length,
      reactivated: diff.update.filter((u) => u.reactivate).length,
      deactivated: diff.deactivate.length,
      unchanged: diff.unchanged,
      skipped: diff.skipped.length,
      reroutedRequests: rerouted,
    },
    errors: diff.skipped.map((s) => ({ ref: s.employeeId, reason: s.reason })),
  };
};
