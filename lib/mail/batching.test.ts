import { describe, expect, it } from 'vitest';
import { MAIL_WINDOW_MS, mailTiming } from './batching.ts';

describe('mail batching: at most one mail per request per 10 minutes', () => {
  const t0 = new Date('2026-11-30T10:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it.each([
    ['the first answer goes at once', null, 0, true],
    ['a second answer 1 minute later waits', t0, 60_000, false],
    ['one 9:59 later still waits', t0, MAIL_WINDOW_MS - 1000, false],
    ['one exactly 10 minutes later goes at once', t0, MAIL_WINDOW_MS, true],
    ['one an hour later goes at once', t0, 3600_000, true],
  ])('%s', (_label, lastSentAt, after, sendNow) => {
    expect(mailTiming({ lastSentAt, now: at(after) }).sendNow).toBe(sendNow);
  });

  it('what waits goes out when the window ends, not later', () => {
    expect(mailTiming({ lastSentAt: t0, now: at(120_000) })).toEqual({ sendNow: false, at: at(MAIL_WINDOW_MS) });
    expect(mailTiming({ lastSentAt: t0, now: at(1000), windowMs: 5000 })).toEqual({ sendNow: false, at: at(5000) });
  });

  it('a burst of answers over 25 minutes makes 3 mails, never two within 10 minutes', () => {
    let lastSentAt: Date | null = null;
    let waitingUntil: Date | null = null;
    const sent: number[] = [];
    for (let m = 0; m <= 25; m++) {
      const now = at(m * 60_000);
      if (waitingUntil && now >= waitingUntil) {
        sent.push(m);
        lastSentAt = now;
        waitingUntil = null;
      }
      const d = mailTiming({ lastSentAt, now });
      if (d.sendNow) {
        sent.push(m);
        lastSentAt = now;
      } else waitingUntil ??= d.at;
    }
    expect(sent).toEqual([0, 10, 20]);
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(10);
  });
});
