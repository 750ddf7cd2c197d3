import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCandidates, currentCandidate, withoutCandidate } from './candidates.ts';

describe('candidate ranking', () => {
  it('puts the highest capability first and breaks ties by id', () => {
    const agents = [
      { id: 'c', capability: 80 },
      { id: 'a', capability: 95 },
      { id: 'b', capability: 80 },
      { id: 'd', capability: 99 },
    ];
    expect([...agents].sort(compareCandidates).map((a) => a.id)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('ranks any list the same way whatever order it came in (deterministic)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1 }), capability: fc.integer({ min: 0, max: 100 }) }), { selector: (a) => a.id }), (agents) => {
        const once = [...agents].sort(compareCandidates);
        const reversed = [...agents].reverse().sort(compareCandidates);
        expect(reversed).toEqual(once);
        for (let i = 1; i < once.length; i++) expect(once[i - 1]!.capability).toBeGreaterThanOrEqual(once[i]!.capability);
      }),
    );
  });
});

describe('current candidate and skip', () => {
  it('shows the head when it is available', () => {
    expect(currentCandidate(['a', 'b', 'c'], () => true)).toEqual({ agentId: 'a', remaining: ['a', 'b', 'c'] });
  });

  it('drops candidates that went unavailable before the next available one', () => {
    const online = new Set(['c']);
    expect(currentCandidate(['a', 'b', 'c', 'd'], (id) => online.has(id))).toEqual({ agentId: 'c', remaining: ['c', 'd'] });
  });

  it('is exhausted when nobody in the list is available', () => {
    expect(currentCandidate(['a', 'b'], () => false)).toEqual({ agentId: null, remaining: [] });
    expect(currentCandidate([], () => true)).toEqual({ agentId: null, remaining: [] });
  });

  it('skip removes exactly that agent and keeps the order of the rest', () => {
    expect(withoutCandidate(['a', 'b', 'c'], 'a')).toEqual(['b', 'c']);
    expect(withoutCandidate(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
  });
});
