import { describe, expect, it } from 'vitest';
import { isSlot, listSlots, parseWorkingHours, wallClock, zonedInstant, DEFAULT_HOURS } from './slots.ts';

const iso = (d: Date) => d.toISOString();

describe('callback slots: working hours in the agent’s time zone', () => {
  // Monday 2026-11-30 08:00 in Shanghai (UTC+8, no DST).
  const now = new Date('2026-11-30T00:00:00Z');

  it('offers 30-minute slots inside 09:00–18:00 Shanghai, weekdays only, for the next 7 days', () => {
    const slots = listSlots({ hours: DEFAULT_HOURS, timeZone: 'Asia/Shanghai', now });
    expect(iso(slots[0]!)).toBe('2026-11-30T01:00:00.000Z'); // 09:00 Shanghai
    expect(slots.map(iso)).toContain('2026-11-30T09:30:00.000Z'); // 17:30, the last one that ends by 18:00
    expect(slots.map(iso)).not.toContain('2026-11-30T10:00:00.000Z'); // 18:00 would end after hours
    // Mon–Fri this week; next Monday 09:00 is past the 7-day horizon (next Monday 08:00).
    expect(slots).toHaveLength(5 * 18);
    for (const s of slots) {
      const w = wallClock(s, 'Asia/Shanghai');
      expect(w.weekday).toBeLessThanOrEqual(5);
      expect(w.hour * 60 + w.minute).toBeGreaterThanOrEqual(9 * 60);
      expect(w.hour * 60 + w.minute).toBeLessThanOrEqual(17 * 60 + 30);
    }
  });

  it('never offers a time that has passed: mid-morning starts at the next slot', () => {
    const at1010 = new Date('2026-11-30T02:10:00Z'); // 10:10 Shanghai
    expect(iso(listSlots({ hours: DEFAULT_HOURS, timeZone: 'Asia/Shanghai', now: at1010 })[0]!)).toBe('2026-11-30T02:30:00.000Z');
  });

  it('leaves out taken slots', () => {
    const slots = listSlots({ hours: DEFAULT_HOURS, timeZone: 'Asia/Shanghai', now, taken: ['2026-11-30T01:00:00.000Z'] });
    expect(iso(slots[0]!)).toBe('2026-11-30T01:30:00.000Z');
    expect(slots).toHaveLength(5 * 18 - 1);
  });

  it('follows daylight saving time: 09:00 in New York is 13:00 UTC in October, 14:00 UTC in November', () => {
    const all = { days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '09:30' };
    const slots = listSlots({ hours: all, timeZone: 'America/New_York', now: new Date('2026-10-29T00:00:00Z') }).map(iso);
    expect(slots).toContain('2026-10-30T13:00:00.000Z'); // EDT, UTC−4
    expect(slots).toContain('2026-11-02T14:00:00.000Z'); // EST, UTC−5 (DST ended 1 Nov)
    expect(slots).toHaveLength(7);
  });

  it('a wall time that does not exist (spring-forward gap) is no slot', () => {
    expect(zonedInstant({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30, 'Europe/Berlin')).toBeNull();
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, 3 * 60 + 30, 'Europe/Berlin')!)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a zone east of UTC past midnight: Tokyo Monday 09:00 is Sunday 00:00 UTC', () => {
    const slots = listSlots({ hours: { days: [1], start: '09:00', end: '10:00' }, timeZone: 'Asia/Tokyo', now: new Date('2026-11-29T00:00:00Z') });
    expect(slots.map(iso)).toEqual(['2026-11-30T00:00:00.000Z', '2026-11-30T00:30:00.000Z']);
  });

  it('isSlot accepts slot starts only, inside the window', () => {
    const base = { hours: DEFAULT_HOURS, timeZone: 'Asia/Shanghai', now };
    expect(isSlot({ ...base, at: new Date('2026-12-01T03:00:00Z') })).toBe(true); // Tue 11:00
    expect(isSlot({ ...base, at: new Date('2026-12-01T03:15:00Z') })).toBe(false); // not a slot start
    expect(isSlot({ ...base, at: new Date('2026-12-05T03:00:00Z') })).toBe(false); // Saturday
    expect(isSlot({ ...base, at: new Date('2026-11-29T03:00:00Z') })).toBe(false); // past
    expect(isSlot({ ...base, at: new Date('2026-12-08T03:00:00Z') })).toBe(false); // beyond 7 days
  });

  it('unreadable stored hours fall back to the default instead of closing the calendar', () => {
    expect(parseWorkingHours('not json')).toEqual(DEFAULT_HOURS);
    expect(parseWorkingHours('{"days":[1],"start":"18:00","end":"09:00"}')).toEqual(DEFAULT_HOURS);
    expect(parseWorkingHours('{"days":[6,7],"start":"10:00","end":"14:00"}')).toEqual({ days: [6, 7], start: '10:00', end: '14:00' });
  });
});
