import { describe, expect, it } from 'vitest';
import { ANONYMOUS, rules, type Actor, type Decision } from './authorize.ts';

const customer = (id: string, visitorId: string | null = null): Actor => ({ ...ANONYMOUS, customerId: id, visitorId });
const visitor = (id: string): Actor => ({ ...ANONYMOUS, visitorId: id });
const agent = (id: string): Actor => ({ ...ANONYMOUS, agentId: id });
const admin: Actor = { ...ANONYMOUS, adminId: 'admin-1' };
const outcome = (d: Decision) => (d.ok ? 'ok' : `${d.error.status} ${d.error.code}`);

describe('who may use a search', () => {
  const owned = { customerId: 'c1', visitorId: null };
  const anonymousSearch = { customerId: null, visitorId: 'v1' };
  it.each([
    ['anonymous', ANONYMOUS, owned, '401 customer_required'],
    ['its customer', customer('c1'), owned, 'ok'],
    ['another customer', customer('c2'), owned, '404 not_found'],
    ['a visitor holding only the id', visitor('v9'), owned, '404 not_found'],
    ['an agent', agent('a1'), owned, '401 customer_required'],
    ['admin (skip)', admin, owned, '401 customer_required'],
    ['the browser that started it', visitor('v1'), anonymousSearch, 'ok'],
    ['that browser after giving contact info', customer('c3', 'v1'), anonymousSearch, 'ok'],
    ['another browser', visitor('v2'), anonymousSearch, '404 not_found'],
  ])('%s', (_name, actor, match, want) => {
    expect(outcome(rules.useMatch(actor, match))).toBe(want);
  });

  it('an admin may look at a search, never skip or choose in a customer’s place', () => {
    expect(outcome(rules.useMatch(admin, owned, { read: true }))).toBe('ok');
    expect(outcome(rules.useMatch(admin, owned))).toBe('401 customer_required');
    expect(outcome(rules.chooseFromMatch(admin, owned))).toBe('401 customer_required');
  });

  it('choosing needs contact info even for the browser that started it', () => {
    expect(outcome(rules.chooseFromMatch(visitor('v1'), anonymousSearch))).toBe('401 customer_required');
    expect(outcome(rules.chooseFromMatch(customer('c3', 'v1'), anonymousSearch))).toBe('ok');
  });
});

describe('requests and customers', () => {
  it.each([
    [ANONYMOUS, '401 customer_required'],
    [customer('c1'), 'ok'],
    [customer('c2'), '404 not_found'],
    [agent('a1'), '401 customer_required'],
    [admin, 'ok'],
  ])('a customer request is its owner’s: %j', (actor, want) => {
    expect(outcome(rules.useOwnRequest(actor, { customerId: 'c1' }))).toBe(want);
  });

  it.each([
    [ANONYMOUS, '401 unauthenticated'],
    [customer('c1'), '401 unauthenticated'],
    [agent('a1'), 'ok'],
    [agent('a2'), '404 not_found'],
    [admin, '401 unauthenticated'], // an admin reads; working a request is an agent's act
  ])('only the handling agent works a request: %j', (actor, want) => {
    expect(outcome(rules.workRequest(actor, { agentId: 'a1' }))).toBe(want);
  });

  it('contact info: the exclusive agent sees all, a covering agent the covered requests, others nothing', () => {
    const rel = { boundAgentId: 'a1', coveringAgentIds: ['a2'] };
    expect(rules.readCustomer(agent('a1'), rel)).toMatchObject({ ok: true, scope: 'all' });
    expect(rules.readCustomer(agent('a2'), rel)).toMatchObject({ ok: true, scope: 'covered' });
    expect(outcome(rules.readCustomer(agent('a3'), rel))).toBe('404 not_found');
    expect(outcome(rules.readCustomer(customer('c1'), rel))).toBe('401 unauthenticated');
    expect(rules.readCustomer(admin, rel)).toMatchObject({ ok: true, scope: 'all' });
  });
});

describe('admin and callbacks', () => {
  it.each([
    [ANONYMOUS, '401 unauthenticated'],
    [customer('c1'), '401 unauthenticated'],
    [agent('a1'), '401 unauthenticated'], // an agent's session never opens /admin
    [admin, 'ok'],
  ])('only an admin session opens /admin: %j', (actor, want) => {
    expect(outcome(rules.beAdmin(actor))).toBe(want);
  });

  it.each([
    [ANONYMOUS, '401 customer_required', '401 unauthenticated'],
    [customer('c1'), 'ok', '401 unauthenticated'],
    [customer('c2'), '404 not_found', '401 unauthenticated'],
    [agent('a1'), '401 customer_required', 'ok'],
    [agent('a2'), '401 customer_required', '404 not_found'],
  ])('a callback is its customer’s and its agent’s: %j', (actor, asCustomer, asAgent) => {
    const booked = { customerId: 'c1', agentId: 'a1' };
    expect(outcome(rules.useOwnCallback(actor, booked))).toBe(asCustomer);
    expect(outcome(rules.workCallback(actor, booked))).toBe(asAgent);
  });
});
