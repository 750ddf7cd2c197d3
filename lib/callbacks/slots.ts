import { z } from 'zod';

/**
 * Callback slots: the agent's working hours, in the agent's own time zone, over the next days.
 * Pure: takes the hours, the zone, `now` and what is taken; returns UTC instants. The customer's
 * screen shows them in the customer's zone; the server only ever compares instants.
 */

export const SLOT_MINUTES = 30;
export const BOOKING_DAYS = 7;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time such as 09:00');

export const workingHoursSchema = z
  .object({
    /** ISO weekdays, 1 = Monday … 7 = Sunday */
    days: z.array(z.number().int().min(1).max(7)).max(7),
    start: hhmm,
    end: hhmm,
  })
  .refine((h) => minutesOf(h.start) < minutesOf(h.end), { message: 'must end after it starts', path: ['end'] });

export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const DEFAULT_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

const minutesOf = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Stored JSON → hours; anything unreadable falls back to the default rather than closing the agent's calendar. */
export const parseWorkingHours = (json: string): WorkingHours => {
  try {
    const parsed = workingHoursSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : DEFAULT_HOURS;
  } catch {
    return DEFAULT_HOURS;
  }
};

export const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const partsCache = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsCache.set(timeZone, f);
  }
  return f;
};

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall clock in `timeZone` at `instant`. */
export const wallClock = (instant: Date, timeZone: string) => {
  const p = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAY[p.weekday!]!,
  };
};

/** Offset of `timeZone` from UTC at `instant`, in ms (Shanghai: +8 h). */
const offsetMs = (instant: Date, timeZone: string): number => {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant.getTime() / 1000) * 1000;
};

/**
 * The instant when the wall clock in `timeZone` shows that date and time. In a DST gap the time does
 * not exist: null (no slot there).
 */
export const zonedInstant = (date: { year: number; month: number; day: number }, minutes: number, timeZone: string): Date | null => {
  const naive = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  // Two passes settle the offset across a DST change; the wall clock check rejects a gap.
  let guess = naive - offsetMs(new Date(naive), timeZone);
  guess = naive - offsetMs(new Date(guess), timeZone);
  const check = wallClock(new Date(guess), timeZone);
  if (check.hour * 60 + check.minute !== minutes % 1440 || check.day !== new Date(naive).getUTCDate()) return null;
  return new Date(guess);
};

/**
 * Every slot start from `now` (exclusive) to `now + days`, inside the working hours in the agent's
 * zone, minus the ones in `taken` (ISO instants or Dates). A slot must end by the end of the hours.
 */
export const listSlots = (opts: {
  hours: WorkingHours;
  timeZone: string;
  now: Date;
  days?: number;
  slotMinutes?: number;
  taken?: Iterable<Date | string>;
}): Date[] => {
  const slot = opts.slotMinutes ?? SLOT_MINUTES;
  const horizon = opts.now.getTime() + (opts.days ?? BOOKING_DAYS) * 86_400_000;
  const taken = new Set([...(opts.taken ?? [])].map((t) => new Date(t).getTime()));
  const start = minutesOf(opts.hours.start);
  const end = minutesOf(opts.hours.end);
  const today = wallClock(opts.now, opts.timeZone);
  const out: Date[] = [];
  // One extra day each side covers zones far from UTC.
  for (let d = -1; d <= (opts.days ?? BOOKING_DAYS) + 1; d++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    const date = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
    const weekday = ((day.getUTCDay() + 6) % 7) + 1;
    if (!opts.hours.days.includes(weekday)) continue;
    for (let m = start; m + slot <= end; m += slot) {
      const at = zonedInstant(date, m, opts.timeZone);
      if (!at) continue;
      const t = at.getTime();
      if (t <= opts.now.getTime() || t > horizon || taken.has(t)) continue;
      out.push(at);
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
};

/** Is `at` the start of a slot in the agent's hours within the booking window (taken or not)? */
export const isSlot = (opts: { hours: WorkingHours; timeZone: string; now: Date; at: Date; slotMinutes?: number }): boolean =>
  listSlots({ ...opts, taken: [] }).some((s) => s.getTime() === opts.at.getTime());
