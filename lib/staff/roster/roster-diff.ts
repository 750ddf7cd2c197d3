import { rosterRowSchema, employeeIdOf, type RosterRow } from './roster-row.ts';

/**
 * Pure: what a roster sync must change. The roster owns the agents that carry an employee id; agents
 * without one (created by hand or the demo seed) are never touched. Upsert by employee id; an agent
 * without an employee id but with the row's email is adopted. Agents no longer on the roster, or
 * marked inactive there, are deactivated. A bad row is reported and skipped — and its agent is left
 * as it is, never deactivated because its row could not be read.
 */

export type CurrentAgent = {
  id: string;
  employeeId: string | null;
  email: string;
  name: string;
  nameZh: string;
  languages: string[];
  skills: string[];
  capacity: number;
  active: boolean;
};

export type SkippedRow = { employeeId: string; reason: string };
export type AgentUpdate = { id: string; employeeId: string; row: RosterRow; changes: string[]; reactivate: boolean };

export type RosterDiff = {
  create: RosterRow[];
  update: AgentUpdate[];
  deactivate: { id: string; employeeId: string | null; email: string }[];
  unchanged: number;
  skipped: SkippedRow[];
};

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const describeIssue = (issue: { path: PropertyKey[]; message: string }) =>
  issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;

export const diffRoster = (opts: { current: readonly CurrentAgent[]; rows: readonly unknown[] }): RosterDiff => {
  const skipped: SkippedRow[] = [];
  const parsed: RosterRow[] = [];
  const badIds = new Set<string>();

  opts.rows.forEach((raw, i) => {
    const result = rosterRowSchema.safeParse(raw);
    if (result.success) parsed.push(result.data);
    else {
      const id = employeeIdOf(raw, i);
      badIds.add(id);
      skipped.push({ employeeId: id, reason: describeIssue(result.error.issues[0]!) });
    }
  });

  // The same employee id (or email) twice: neither row can be trusted.
  const countBy = (key: (r: RosterRow) => string) => parsed.reduce((m, r) => m.set(key(r), (m.get(key(r)) ?? 0) + 1), new Map<string, number>());
  const idCount = countBy((r) => r.employeeId);
  const emailCount = countBy((r) => r.email);
  const rows: RosterRow[] = [];
  for (const r of parsed) {
    if (idCount.get(r.employeeId)! > 1) {
      badIds.add(r.employeeId);
      skipped.push({ employeeId: r.employeeId, reason: 'duplicate employee id: it appears more than once in the roster' });
    } else if (emailCount.get(r.email)! > 1) {
      badIds.add(r.employeeId);
      skipped.push({ employeeId: r.employeeId, reason: `duplicate email: ${r.email} appears more than once in the roster` });
    } else rows.push(r);
  }

  const byEmployeeId = new Map(opts.current.filter((a) => a.employeeId).map((a) => [a.employeeId!, a]));
  const byEmail = new Map(opts.current.map((a) => [a.email, a]));
  const diff: RosterDiff = { create: [], update: [], deactivate: [], unchanged: 0, skipped };
  const kept = new Set<string>();

  for (const row of rows) {
    const existing = byEmployeeId.get(row.employeeId) ?? (byEmail.get(row.email)?.employeeId === null ? byEmail.get(row.email) : undefined);
    const owner = byEmail.get(row.email);
    if (owner && owner !== existing) {
      badIds.add(row.employeeId);
      skipped.push({ employeeId: row.employeeId, reason: `email ${row.email} already belongs to another agent` });
      if (existing) kept.add(existing.id);
      continue;
    }
    if (!existing) {
      if (row.active) diff.create.push(row);
      else diff.unchanged++; // never here and not active: nothing to keep
      continue;
    }
    kept.add(existing.id);
    if (!row.active) {
      if (existing.active) diff.deactivate.push({ id: existing.id, employeeId: row.employeeId, email: existing.email });
      else diff.unchanged++;
      continue;
    }
    const changes: string[] = [];
    if (existing.employeeId !== row.employeeId) changes.push('employeeId');
    if (existing.name !== row.name) changes.push('name');
    if (row.nameZh !== undefined && existing.nameZh !== row.nameZh) changes.push('nameZh');
    if (existing.email !== row.email) changes.push('email');
    if (!sameList(existing.languages, row.languages)) changes.push('languages');
    if (!sameList(existing.skills, row.skills)) changes.push('skills');
    if (existing.capacity !== row.capacity) changes.push('capacity');
    if (!existing.active) changes.push('active');
    if (changes.length) diff.update.push({ id: existing.id, employeeId: row.employeeId, row, changes, reactivate: !existing.active });
    else diff.unchanged++;
  }

  for (const a of opts.current) {
    if (!a.employeeId || !a.active || kept.has(a.id) || badIds.has(a.employeeId)) continue;
    diff.deactivate.push({ id: a.id, employeeId: a.employeeId, email: a.email });
  }
  return diff;
};
