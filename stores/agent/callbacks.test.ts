import { beforeEach, describe, expect, it } from 'vitest';
import { selectUpcoming, useConsoleCallbacks, type ConsoleCallback } from './callbacks.ts';

const call = (over: Partial<ConsoleCallback> & { id: string }): ConsoleCallback => ({
  at: '2026-12-01T02:00:00.000Z',
  phone: '+86 138 0013 8000',
  note: '',
  timeZone: 'Asia/Shanghai',
  status: 'booked',
  agentNote: null,
  previousAt: null,
  changedBy: 'customer',
  agentAway: false,
  awayReason: null,
  cover: null,
  agent: { id: 'me', name: 'Li Ming', nameZh: '李明' },
  customer: { id: 'c1', name: 'Zhang San' },
  ...over,
});

describe("the console's upcoming calls", () => {
  beforeEach(() => useConsoleCallbacks.setState({ byId: {}, due: {}, loaded: false }));

  it('a call the customer handed to a cover leaves my list (and its reminder with it); the cover’s console gains it', () => {
    const s = useConsoleCallbacks.getState();
    s.replace([call({ id: 'a' }), call({ id: 'b', at: '2026-12-01T03:00:00.000Z' })]);
    s.markDue(call({ id: 'a' }));
    useConsoleCallbacks.getState().upsert(call({ id: 'a', agent: { id: 'cover', name: 'Wang Fang', nameZh: '王芳' } }), 'me');
    expect(selectUpcoming(useConsoleCallbacks.getState()).map((c) => c.id)).toEqual(['b']);
    expect(useConsoleCallbacks.getState().due).toEqual({});

    useConsoleCallbacks.setState({ byId: {}, due: {} });
    useConsoleCallbacks.getState().upsert(call({ id: 'a', agent: { id: 'cover', name: 'Wang Fang', nameZh: '王芳' } }), 'cover');
    expect(selectUpcoming(useConsoleCallbacks.getState()).map((c) => c.id)).toEqual(['a']);
  });
});
