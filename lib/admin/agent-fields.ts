import { z } from 'zod';
import type { Agent } from '../db/generated/sqlite/client.ts';
import { parseStringList } from '../string-list.ts';
import { isTimeZone, parseWorkingHours, workingHoursSchema, type WorkingHours } from '../callbacks/slots.ts';
import { freeText, text } from '../validation/text.ts';

/**
 * The fields an admin sets on an agent (issue 28), one schema for creating (the required ones) and
 * editing (every one optional), and the agent as /admin shows it for editing.
 */

const words = (what: string, max: number) =>
  z
    .array(text().pipe(z.string().min(1, 'must not be empty').max(40, 'is too long (40 characters at most)')), { error: `must be a list of ${what}` })
    .max(max, `has too many entries (${max} at most)`)
    // Order kept, repeats dropped: "en, en" is one language.
    .transform((l) => [...new Set(l)]);

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

// In the form's order: the first problem the server names is the topmost one on the screen.
export const agentFieldsSchema = z
  .object({
    name: text().pipe(z.string().min(1, 'is required').max(120, 'is too long (120 characters at most)')),
    nameZh: text().pipe(z.string().max(120, 'is too long (120 characters at most)')).optional(),
    email: text().pipe(z.email('must be an email address such as li@example.com').max(254, 'is too long')).transform((e) => e.toLowerCase()),
    languages: words('language tags', 10)
      .refine((l) => l.every((x) => LANGUAGE_TAG.test(x)), 'must be language tags such as zh-CN or en')
      .refine((l) => l.length > 0, 'needs at least one language'),
    skills: words('skills', 20),
    capacity: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'is too large').optional(),
    maxOpenRequests: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'is too large (1000 at most)').optional(),
    timeZone: z.string({ error: 'must be a time zone such as Asia/Shanghai' }).max(64).refine(isTimeZone, 'must be a time zone such as Asia/Shanghai').optional(),
    bio: freeText(500).optional(),
    bioZh: freeText(500).optional(),
    workingHours: workingHoursSchema.optional(),
  })
  .strict();

export const createAgentSchema = agentFieldsSchema;
export const updateAgentSchema = agentFieldsSchema.partial().strict();
export type AgentFields = z.infer<typeof updateAgentSchema>;
export type AgentField = keyof AgentFields;

/**
 * What the roster sync writes on every run for an agent it owns (lib/staff/roster/sync-roster.ts), so
 * an edit to any of these would be silently undone by the next sync: the API refuses them (409
 * `roster_owned`, naming the field) and the page shows them read-only. `active` too: the roster
 * deactivates and brings back its agents.
 */
export const ROSTER_FIELDS = ['name', 'nameZh', 'email', 'languages', 'skills', 'capacity', 'active'] as const;

/** The roster owns an agent when a roster is configured and the agent carries an employee id. */
export const rosterOwnedFields = (agent: { employeeId: string | null }, rosterOn: boolean): string[] =>
  rosterOn && agent.employeeId ? [...ROSTER_FIELDS] : [];

export type AdminAgentView = {
  id: string;
  handle: string;
  employeeId: string | null;
  email: string;
  name: string;
  nameZh: string;
  bio: string;
  bioZh: string;
  languages: string[];
  skills: string[];
  capacity: number;
  maxOpenRequests: number;
  timeZone: string;
  workingHours: WorkingHours;
  active: boolean;
  status: string;
  /** the agent has set a password (an invited agent has not, until they open their link) */
  hasPassword: boolean;
  /** fields the roster owns for this agent: read-only here, refused by the API */
  rosterOwned: string[];
};

export const toAdminAgentView = (a: Agent & { credential?: { agentId: string } | null }, rosterOn: boolean): AdminAgentView => ({
  id: a.id,
  handle: a.handle,
  employeeId: a.employeeId,
  email: a.email,
  name: a.name,
  nameZh: a.nameZh,
  bio: a.bio,
  bioZh: a.bioZh,
  languages: parseStringList(a.languages),
  skills: parseStringList(a.skills),
  capacity: a.capacity,
  maxOpenRequests: a.maxOpenRequests,
  timeZone: a.timeZone,
  workingHours: parseWorkingHours(a.workingHours),
  active: a.active,
  status: a.status,
  hasPassword: Boolean(a.credential),
  rosterOwned: rosterOwnedFields(a, rosterOn),
});

/** The stored form of each editable field (lists and hours are JSON text in the database). */
export const toAgentData = (fields: AgentFields): Record<string, string | number> => {
  const data: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    data[key] = Array.isArray(value) || (typeof value === 'object' && value !== null) ? JSON.stringify(value) : (value as string | number);
  }
  return data;
};
