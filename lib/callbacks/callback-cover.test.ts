import { describe, expect, it } from 'vitest';
import { awayAtCall, decideCallCover, type CallAgent } from './callback-cover.ts';
import { DEFAULT_HOURS, isWithinHours } from './slots.ts';

// The call: Tuesday 2026-12-01 10:00 in Shanghai (02:00 UTC). Default hours: Mon–Fri 09:00–18:00.
const at = new Date('2026-12-01T02:00:00Z');
const min = 60_000;
const lead = 5 * min;
const early = new Date('2026-11-30T00:00:00Z'); // the day before: not due
const dueNow = new Date(at.getTime() - 2 * min); // inside the reminder lead

const agent = (over: Partial<CallAgent> & { id: string }): CallAgent => ({
  active: true,
  status: 'online',
  connected: true,
  capability: 50,
  languages: ['zh-CN', 'en'],
  skills: [],
  hours: DEFAULT_HOURS,
  timeZone: 'Asia/Shanghai',
  ...over,
});

const lateShift = { days: [1, 2, 3, 4, 5], start: '14:00', end: '22:00' };

describe('is the booked agent there at the call’s time?', () => {
  it.each([
    ['works then, offline now, call tomorrow (presence is not known ahead)', agent({ id: 'b', status: 'offline', connected: false }), early, null],
    ['works then, available, call due', agent({ id: 'b' }), dueNow, null],
    ['left the team', agent({ id: 'b', active: false }), early, 'agent_left'],
    ['moved to a late shift after the booking', agent({ id: 'b', hours: lateShift }), early, 'off_hours'],
    ['moved to another zone: 10:00 Shanghai is 02:00 in London', agent({ id: 'b', timeZone: 'Europe/London' }), early, 'off_hours'],
    ['no longer works Tuesdays', agent({ id: 'b', hours: { ...DEFAULT_HOURS, days: [1, 3, 4, 5] } }), early, 'off_hours'],
    ['call due, agent set away', agent({ id: 'b', status: 'away' }), dueNow, 'agent_away'],
    ['call due, agent offline', agent({ id: 'b', status: 'offline' }), dueNow, 'agent_offline'],
    ['call due, online but no console open', agent({ id: 'b', connected: false }), dueNow, 'agent_offline'],
  ] as const)('%s', (_, bound, now, expected) => {
    expect(awayAtCall(bound, at, now, lead)).toBe(expected);
  });

  it('a slot must end by the end of the hours', () => {
    expect(isWithinHours({ hours: DEFAULT_HOURS, timeZone: 'Asia/Shanghai', at: new Date('2026-12-01T09:30:00Z') })).toBe(true); // 17:30
    expect(isWithinHours({ hours: DEFAULT_HOURS, timeZone: 'Asia/Shanghai', at: new Date('2026-12-01T09:45:00Z') })).toBe(false); // 17:45
    expect(isWithinHours({ hours: DEFAULT_HOURS, timeZone: 'Asia/Shanghai', at: new Date('2026-12-01T00:30:00Z') })).toBe(false); // 08:30
  });
});

describe('who covers the call', () => {
  const awayBound = agent({ id: 'bound', status: 'away', skills: ['refunds'] });
  const decide = (candidates: CallAgent[], opts: { locale?: string; now?: Date; takenAt?: string[]; bound?: CallAgent } = {}) =>
    decideCallCover({
      bound: opts.bound ?? awayBound,
      candidates,
      call: { at, locale: opts.locale ?? 'en' },
      takenAt: new Set(opts.takenAt ?? []),
      now: opts.now ?? dueNow,
      leadMs: lead,
    });

  it('nothing is offered while the booked agent will be there', () => {
    expect(decide([agent({ id: 'x', capability: 99 })], { bound: agent({ id: 'bound' }) })).toEqual({ away: null });
  });

  it('the best cover who speaks the customer’s language, shares a skill, and is free then', () => {
    const pool = [
      agent({ id: 'zh-only', capability: 99, languages: ['zh-CN'], skills: ['refunds'] }),
      agent({ id: 'en-strong', capability: 95 }),
      agent({ id: 'en-refunds', capability: 70, skills: ['refunds'] }),
    ];
    expect(decide(pool)).toEqual({ away: 'agent_away', coverId: 'en-refunds' });
    expect(decide(pool, { locale: 'zh-CN' })).toEqual({ away: 'agent_away', coverId: 'zh-only' });
    // The same cover is already booked at that time: the next one.
    expect(decide(pool, { takenAt: ['en-refunds'] })).toEqual({ away: 'agent_away', coverId: 'en-strong' });
  });

  it('a due call needs a cover who is available now; a later one, a cover who works then', () => {
    const pool = [agent({ id: 'offline-now', capability: 90, status: 'offline', connected: false }), agent({ id: 'late-shift', capability: 80, hours: lateShift })];
    expect(decide(pool)).toEqual({ away: 'agent_away', coverId: null });
    const offHoursBound = agent({ id: 'bound', hours: lateShift });
    expect(decide(pool, { bound: offHoursBound, now: early })).toEqual({ away: 'off_hours', coverId: 'offline-now' });
  });

  it('never the booked agent, never someone who left; nobody fits → told so, no cover', () => {
    const pool = [awayBound, agent({ id: 'left', capability: 99, active: false }), agent({ id: 'fr', languages: ['fr'] })];
    expect(decide(pool)).toEqual({ away: 'agent_away', coverId: null });
  });

  it('ties go by capability, then id (the matching order)', () => {
    expect(decide([agent({ id: 'b2', capability: 60 }), agent({ id: 'a1', capability: 60 }), agent({ id: 'c3', capability: 59 })])).toEqual({ away: 'agent_away', coverId: 'a1' });
  });
});
