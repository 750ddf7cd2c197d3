import { describe, expect, it } from 'vitest';
import { decideInitialRoute, isOfferExpired, pickCover, type AgentFacts } from './routing-policy.ts';

const agent = (over: Partial<AgentFacts> & { id: string }): AgentFacts => ({
  status: 'online',
  active: true,
  capability: 50,
  openRequests: 0,
  maxOpenRequests: 5,
  ...over,
});

describe('routing policy: the first decision', () => {
  it.each([
    ['online, under capacity', agent({ id: 'b' }), { kind: 'offer', agentId: 'b' }],
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
    agent({ id: 'full', capability: 95, openRequests: 5 }),
    agent({ id: 'gone', capability: 94, active: false }),
    agent({ id: 'timed-out', capability: 93 }),
    agent({ id: 'b', capability: 90 }),
    agent({ id: 'a', capability: 90 }),
    agent({ id: 'low', capability: 10 }),
  ];

  it('is the most capable available agent, ties by id, never an excluded one', () => {
    expect(pickCover(team, ['timed-out'])).toBe('a');
    expect(pickCover(team, ['timed-out', 'a'])).toBe('b');
    expect(pickCover(team, [])).toBe('timed-out');
  });

  it('is nobody when nobody is available', () => {
    expect(pickCover(team, ['timed-out', 'a', 'b', 'low'])).toBeNull();
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
