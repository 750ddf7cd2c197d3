import { describe, expect, it } from 'vitest';
import { createAgentConsoleStore, selectWaitingCount } from './store.ts';
import type { ConsoleRequest } from './types.ts';

const req = (id: string, over: Partial<ConsoleRequest> = {}): ConsoleRequest => ({
  id,
  message: `m-${id}`,
  createdAt: `2026-11-24T09:00:0${id.length}Z`,
  status: 'pending',
  customer: { id: 'c1', name: 'Zhang San' },
  cover: false,
  boundAgent: null,
  attachments: [],
  locale: 'zh-CN',
  ...over,
});

describe('agent console store', () => {
  it('shows a request delivered twice once, and reports only the new ones', () => {
    const store = createAgentConsoleStore();
    expect(store.getState().upsertRequests([req('a'), req('bb')])).toEqual(['a', 'bb']);
    expect(store.getState().upsertRequests([req('a'), req('ccc')])).toEqual(['ccc']);
    expect(store.getState().order).toEqual(['a', 'bb', 'ccc']);
  });

  it('never moves a status back (a late "delivered" after "acknowledged")', () => {
    const store = createAgentConsoleStore();
    store.getState().upsertRequests([req('a')]);
    store.getState().updateStatus('a', 'acknowledged');
    store.getState().updateStatus('a', 'delivered');
    store.getState().upsertRequests([req('a', { status: 'pending' })]);
    expect(store.getState().requests.a!.status).toBe('acknowledged');
  });

  it('counts what still waits for the agent', () => {
    const store = createAgentConsoleStore();
    store.getState().upsertRequests([req('a'), req('bb', { status: 'delivered' }), req('ccc', { status: 'acknowledged' })]);
    expect(selectWaitingCount(store.getState())).toBe(2);
    store.getState().removeRequest('a');
    expect(selectWaitingCount(store.getState())).toBe(1);
  });

  it('adds a reply once', () => {
    const store = createAgentConsoleStore();
    store.getState().upsertRequests([req('a')]);
    const m = { id: 'm1', requestId: 'a', author: 'customer' as const, body: 'hi', createdAt: '2026-11-24T09:01:00Z', agent: null, attachments: [] };
    store.getState().addMessage(m);
    store.getState().addMessage(m);
    expect(store.getState().requests.a!.messages).toEqual([m]);
  });
});
