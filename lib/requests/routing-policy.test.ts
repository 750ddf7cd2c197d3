import { describe, expect, it } from 'vitest';
import { canHop, decideInitialRoute, isOfferExpired, pickCover, speaks } from './routing-policy.ts';
import type { AgentFacts } from '../agents/agent-facts.ts';

const agent = (over: Partial<AgentFacts> & { id: string }): AgentFacts => ({
  status: 'online',
  active: true,
  connected: true,
  languages: ['zh-CN', 'en'],
  skills: [],
  capability: 50,
  openRequests: 0,
  maxOpenRequests: 5,
  ...over,
});

describe('routing policy: the first decision', () => {
  it.each([
    ['online, under capacity', agent({ id: 'b' }), { kind: 'offer', agentId: 'b' }],
    ['online but no console open', agent({ id: 'b', connected: false }), { kind: 'hold', agentId: 'b', reason: 'agent_offline' }],
    ['away with the console open', agent({ id: 'b', status: 'away' }), { kind: 'hold', agentId: 'b', reason: 'agent_away' }],
    ['away', agent({ id: 'b', status: 'away' }), { kind: 'hold', agentId: 'b', reason: 'agent_away' }],
    ['offline', agent({ id: 'b', status: 'offline' }), { kind: 'hold', agentId: 'b', reason: 'agent_offline' }],
    ['at open-request capacity', agent({ id: 'b', openRequests: 5 }), { kind: 'hold', agentId: 'b', reason: 'agent_busy' }],
    ['deactivated', agent({ id: 'b', active: false }), { kind: 'cover', reason: 'agent_left' }],
  ])('bound agent %s', (_name, bound, expected) => {
    expect(decideInitialRoute(bound)).toEqual(expected);
  });
});

describe('routing policy: who covers', () => {
  const team = [
    agent({ id: 'top', capability: 99, status: 'away' }),
    agent({ id: 'absent', capability: 98, connected: false }),
    agent({ id: 'full', capability: 95, openRequests: 5 }),
    agent({ id: 'gone', capability: 94, active: false }),
    agent({ id: 'timed-out', capability: 93 }),
    agent({ id: 'b', capability: 90 }),
    agent({ id: 'a', capability: 90 }),
    agent({ id: 'zh-only', capability: 89, languages: ['zh-CN'], skills: ['billing'] }),
    agent({ id: 'en-billing', capability: 40, languages: ['en'], skills: ['billing'] }),
    agent({ id: 'low', capability: 10 }),
  ];
  const need = (over: Partial<Parameters<typeof pickCover>[1]> = {}) => ({ locale: 'zh-CN', skills: [], excluded: [], ...over });

  it.each([
    ['the most capable available agent', need(), 'timed-out'],
    ['never an excluded one', need({ excluded: ['timed-out'] }), 'a'],
    ['ties by id', need({ excluded: ['timed-out', 'a'] }), 'b'],
    ['who speaks the request language, before a more capable one who does not (en)', need({ locale: 'en', excluded: ['timed-out', 'a', 'b'] }), 'en-billing'],
    ['who speaks it (zh) and shares a skill with the exclusive agent, before a more capable one who does not', need({ skills: ['billing'] }), 'zh-only'],
    ['in English, the one sharing the skill before more capable English speakers', need({ locale: 'en', skills: ['billing'] }), 'en-billing'],
    ['in English without a skill to share, the most capable English speaker', need({ locale: 'en' }), 'timed-out'],
    ['a skill nobody shares changes nothing', need({ skills: ['juggling'] }), 'timed-out'],
    ['nobody, when nobody available speaks the language', need({ locale: 'fr' }), null],
    ['nobody, when everyone available is excluded', need({ excluded: ['timed-out', 'a', 'b', 'zh-only', 'en-billing', 'low'] }), null],
  ])('is %s', (_name, n, expected) => {
    expect(pickCover(team, n)).toBe(expected);
  });

  it('matches languages by their primary tag', () => {
    expect(speaks(['zh-CN'], 'zh')).toBe(true);
    expect(speaks(['en'], 'en-GB')).toBe(true);
    expect(speaks(['en'], 'zh-CN')).toBe(false);
  });

  it('lets a request move only while it has hops left', () => {
    expect(canHop({ hops: 2 }, 3)).toBe(true);
    expect(canHop({ hops: 3 }, 3)).toBe(false);
  });
});

describe('routing policy: accept timeout (injected clock)', () => {
  const offeredAt = new Date('2026-11-24T09:00:00Z');
  const after = (s: number) => new Date(offeredAt.getTime() + s * 1000);
  it.each([
    ['pending, 59 s', { status: 'pending', offeredAt }, 59, false],
    ['pending, 60 s', { status: 'pending', offeredAt }, 60, true],
    ['delivered (on screen, not acknowledged), 61 s', { status: 'delivered', offeredAt }, 61, true],
    ['acknowledged, 1 hour', { status: 'acknowledged', offeredAt }, 3600, false],
    ['resolved', { status: 'resolved', offeredAt }, 3600, false],
    ['held for an offline agent (never offered)', { status: 'pending', offeredAt: null }, 3600, false],
  ])('%s → expired: %s', (_name, r, seconds, expected) => {
    expect(isOfferExpired(r, after(seconds as number), 60_000)).toBe(expected);
  });
});
