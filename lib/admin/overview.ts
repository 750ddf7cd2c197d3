import type { Db } from '../db/client.ts';
import { parseCapabilityParts } from '../agents/agent-card.ts';
import type { CapabilityPart } from '../agents/capability-score.ts';
import { isAgentAvailable } from '../agents/presence.ts';
import { OPEN_STATUSES } from '../requests/request-view.ts';
import { JOB_NAMES } from '../jobs/jobs.ts';
import { listJobRuns, type JobRunView } from '../jobs/run-job.ts';

export type AdminAgentRow = {
  id: string;
  employeeId: string | null;
  name: string;
  nameZh: string;
  email: string;
  active: boolean;
  status: string;
  /** can be matched now: active, chose online with a console connected (lib/agents/presence.ts), below both limits */
  available: boolean;
  capability: number;
  parts: CapabilityPart[] | null;
  capabilityAt: string | null;
  rating: { average: number | null; count: number };
  gifts: { count: number; points: number };
  boundCustomers: number;
  capacity: number;
  openRequests: number;
  maxOpenRequests: number;
};

export type AdminOverview = { agents: AdminAgentRow[]; jobs: string[]; runs: JobRunView[] };

/** Everything /admin shows: every agent with its figures, and the latest job runs. */
export const getAdminOverview = async (opts: { db: Db }): Promise<AdminOverview> => {
  const { db } = opts;
  const agents = await db.agent.findMany({ orderBy: [{ active: 'desc' }, { capability: 'desc' }, { name: 'asc' }] });
  const [open, runs] = await Promise.all([
    db.serviceRequest.groupBy({ by: ['agentId'], where: { status: { in: [...OPEN_STATUSES] } }, _count: { _all: true } }),
    listJobRuns({ db, take: 20 }),
  ]);
  const openBy = new Map(open.map((o) => [o.agentId, o._count._all]));
  return {
    jobs: JOB_NAMES,
    runs,
    agents: agents.map((a) => {
      // The count matching compares with capacity (kept with the bindings: lib/binding/bind-agent.ts).
      const boundCustomers = a.activeBindings;
      const openRequests = openBy.get(a.id) ?? 0;
      return {
        id: a.id,
        employeeId: a.employeeId,
        name: a.name,
        nameZh: a.nameZh,
        email: a.email,
        active: a.active,
        status: a.status,
        available: isAgentAvailable({ active: a.active, status: a.status, connected: a.connected, openRequests, maxOpenRequests: a.maxOpenRequests }) && boundCustomers < a.capacity,
        capability: a.capability,
        parts: parseCapabilityParts(a.capabilityParts),
        capabilityAt: a.capabilityAt?.toISOString() ?? null,
        rating: { average: a.ratingCount ? Math.round((a.ratingSum / a.ratingCount) * 10) / 10 : null, count: a.ratingCount },
        gifts: { count: a.giftCount, points: a.giftPoints },
        boundCustomers,
        capacity: a.capacity,
        openRequests,
        maxOpenRequests: a.maxOpenRequests,
      };
    }),
  };
};
