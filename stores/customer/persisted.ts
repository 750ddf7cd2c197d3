import type { OutboxItem } from './outbox.ts';
import type { ReadMark } from './read-marks-slice.ts';
import type { CustomerState } from './store-types.ts';
import type { AgentCard, ServiceRequest } from './types.ts';

/**
 * What survives a reload: who this device belongs to, the last known agent (so home renders
 * offline), recent requests, and the outbox of requests not yet confirmed by the server.
 * Also the read marks not yet confirmed by the server (made offline), sent when back online.
 * Nothing else: a search, errors and screens start fresh. No contact details are kept here.
 */
export const PERSIST_KEY = 'ea-customer';
export const PERSIST_VERSION = 1;

export type PersistedState = {
  customerId: string | null;
  introSeen: boolean;
  myAgent: AgentCard | null;
  boundAt: string | null;
  requests: ServiceRequest[];
  outbox: OutboxItem[];
  pendingMarks: Record<string, ReadMark>;
};

export const partialize = (s: CustomerState): PersistedState => ({
  customerId: s.customerId,
  introSeen: s.introSeen,
  myAgent: s.myAgent,
  boundAt: s.boundAt,
  requests: s.requests,
  outbox: s.outbox,
  pendingMarks: s.pendingMarks,
});

// Hand-written guards rather than zod: this runs on every page load, and zod would add ~20 KB
// gzip to the first screen's JavaScript (see docs/benchmarks.md). They check what the UI relies on.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): v is string | null => v === null || isStr(v);
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const oneOf = <T extends string>(values: readonly T[]) => (v: unknown): v is T => values.includes(v as T);

const isAgent = (v: unknown): v is AgentCard =>
  isObj(v) &&
  ['id', 'handle', 'name', 'nameZh', 'bio', 'avatarColor', 'initials'].every((k) => isStr(v[k])) &&
  isStrArray(v.languages) &&
  isStrArray(v.skills) &&
  typeof v.capability === 'number' &&
  oneOf(['online', 'away', 'offline'] as const)(v.status);

const isRequest = (v: unknown): v is ServiceRequest =>
  isObj(v) && isStr(v.id) && isStr(v.message) && isStr(v.createdAt) && oneOf(['pending', 'delivered', 'acknowledged', 'resolved'] as const)(v.status);

const isError = (v: unknown): boolean => isObj(v) && isStr(v.code) && typeof v.status === 'number';

const isOutboxFile = (v: unknown): boolean =>
  isObj(v) &&
  isStr(v.name) &&
  oneOf(['image', 'pdf'] as const)(v.kind) &&
  typeof v.bytes === 'number' &&
  (v.uploadId === undefined || isStr(v.uploadId)) &&
  (v.error === undefined || isError(v.error));

const isOutboxItem = (v: unknown): v is OutboxItem =>
  isObj(v) &&
  isStr(v.key) &&
  isStr(v.customerId) &&
  isStr(v.message) &&
  isStr(v.createdAt) &&
  oneOf(['queued', 'failed'] as const)(v.status) &&
  (v.error === undefined || isError(v.error)) &&
  (v.files === undefined || (Array.isArray(v.files) && v.files.every(isOutboxFile)));

const isMark = (v: unknown): v is ReadMark =>
  isObj(v) && (v.deliveredUpTo === undefined || isStr(v.deliveredUpTo)) && (v.readUpTo === undefined || isStr(v.readUpTo));

/** Saved before read marks existed: none. */
const isMarks = (v: unknown): boolean => v === undefined || (isObj(v) && Object.values(v).every(isMark));

export const isPersistedState = (v: unknown): v is PersistedState =>
  isObj(v) &&
  isStrOrNull(v.customerId) &&
  typeof v.introSeen === 'boolean' &&
  (v.myAgent === null || isAgent(v.myAgent)) &&
  isStrOrNull(v.boundAt) &&
  Array.isArray(v.requests) &&
  v.requests.every(isRequest) &&
  Array.isArray(v.outbox) &&
  v.outbox.every(isOutboxItem) &&
  isMarks(v.pendingMarks);

/**
 * Storage is outside our control (old versions, other code, a full disk): anything that does not
 * check out is dropped whole rather than crashing the app — except the outbox, which is salvaged item
 * by item because it holds words the customer wrote and we have not delivered yet.
 */
export const mergePersisted = (persisted: unknown, current: CustomerState): CustomerState => {
  if (isPersistedState(persisted)) return { ...current, ...partialize({ ...current, ...persisted, pendingMarks: persisted.pendingMarks ?? {} }) };
  const raw = isObj(persisted) ? persisted.outbox : undefined;
  return { ...current, outbox: Array.isArray(raw) ? raw.filter(isOutboxItem) : [] };
};
