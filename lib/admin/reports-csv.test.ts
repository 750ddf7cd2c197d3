import { describe, expect, it } from 'vitest';
import { reportToCsv } from './reports-csv.ts';
import type { Report } from './reports.ts';

const report = (name: string): Report => ({
  period: { from: '2026-11-02T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z', agentId: null, utcOffsetMinutes: 0 },
  volume: [{ at: '2026-11-02T00:00:00.000Z', count: 2 }],
  volumeByHour: [],
  firstAnswer: { p50Ms: null, p90Ms: null, count: 0 },
  resolution: { p50Ms: null, p90Ms: null, count: 0 },
  ratings: { average: null, count: 0, distribution: [] },
  gifts: { count: 0, points: 0 },
  bindingHealth: {
    requests: 2,
    answeredByOwnAgent: 0.5,
    coveredShare: 0.5,
    heldShare: 0,
    heldMs: { p50: null, p90: null, count: 0 },
    coveredBy: [{ agentId: 'ca', name, nameZh: name, count: 1, share: 1 }],
    hops: { moved: 0, total: 0, max: 0 },
    agentChanges: [],
    handovers: [],
    customersPerAgent: [],
  },
});

describe('reportToCsv', () => {
  it('quotes what needs quoting and defuses what a spreadsheet would run as a formula', () => {
    expect(reportToCsv(report('=HYPERLINK("x")'), 'coveredBy')).toBe('section,key,label,value\r\ncoveredBy,ca,"\'=HYPERLINK(""x"")",1\r\n');
    expect(reportToCsv(report('Wang, Fang'), 'coveredBy')).toContain('coveredBy,ca,"Wang, Fang",1');
  });

  it('leaves a missing figure empty, never "null"', () => {
    expect(reportToCsv(report('A'), 'firstAnswer')).toBe('section,key,label,value\r\nfirstAnswer,p50Ms,,\r\nfirstAnswer,p90Ms,,\r\nfirstAnswer,count,,0\r\n');
  });
});
