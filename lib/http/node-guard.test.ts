import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTarpit } from './node-guard.ts';

/** The parts of a ServerResponse the tarpit looks at: it closes, it may have ended or been destroyed. */
const fakeRes = () => Object.assign(new EventEmitter(), { writableEnded: false, destroyed: false }) as unknown as ServerResponse & EventEmitter & { destroyed: boolean };

describe('tarpit: a throttled call waits before its 429', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends after the delay, not before', () => {
    const hold = createTarpit({ delayMs: 500 });
    const send = vi.fn();
    hold('198.51.100.1', fakeRes(), send);
    vi.advanceTimersByTime(499);
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledOnce();
  });

  it('holds at most maxPerIp calls of one address; past that the answer goes at once, other addresses keep their own room', () => {
    const hold = createTarpit({ delayMs: 500, maxPerIp: 2, maxTotal: 10 });
    const sends = Array.from({ length: 4 }, () => vi.fn());
    sends.forEach((s, i) => hold(i < 3 ? 'flooder' : 'someone-else', fakeRes(), s));
    expect(sends.map((s) => s.mock.calls.length)).toEqual([0, 0, 1, 0]);
    vi.advanceTimersByTime(500);
    expect(sends.map((s) => s.mock.calls.length)).toEqual([1, 1, 1, 1]);
    // The held places are free again.
    const next = vi.fn();
    hold('flooder', fakeRes(), next);
    expect(next).not.toHaveBeenCalled();
  });

  it('holds at most maxTotal calls in all', () => {
    const hold = createTarpit({ delayMs: 500, maxPerIp: 10, maxTotal: 3 });
    const sends = Array.from({ length: 5 }, () => vi.fn());
    sends.forEach((s, i) => hold(`ip-${i}`, fakeRes(), s));
    expect(sends.map((s) => s.mock.calls.length)).toEqual([0, 0, 0, 1, 1]);
  });

  it('a client that went away frees its place and is not answered', () => {
    const hold = createTarpit({ delayMs: 500, maxPerIp: 1 });
    const res = fakeRes();
    const gone = vi.fn();
    hold('flooder', res, gone);
    res.destroyed = true;
    res.emit('close');
    const next = vi.fn();
    hold('flooder', fakeRes(), next);
    expect(next).not.toHaveBeenCalled(); // held, since the first place was freed
    vi.advanceTimersByTime(500);
    expect(gone).not.toHaveBeenCalled();
    expect(next).toHaveBeenCalledOnce();
  });

  it('delay 0 answers at once', () => {
    const send = vi.fn();
    createTarpit({ delayMs: 0 })('x', fakeRes(), send);
    expect(send).toHaveBeenCalledOnce();
  });
});
