import { beforeAll, describe, expect, it } from 'vitest';
import { createSessionToken, readCookie, verifySessionToken } from './session.ts';
import { hashPassword, verifyPassword } from './password.ts';

beforeAll(() => {
  process.env.SESSION_SECRET = 'test-secret-test-secret';
});

describe('session tokens', () => {
  it('round-trips the subject for the right kind only', () => {
    const token = createSessionToken('agent', 'agent-1');
    expect(verifySessionToken('agent', token)).toBe('agent-1');
    expect(verifySessionToken('customer', token)).toBeNull();
  });

  it('rejects a tampered or expired token', () => {
    const token = createSessionToken('customer', 'c-1', Date.UTC(2026, 0, 1));
    const forged = token.replace('.c-1.', '.c-2.');
    expect(verifySessionToken('customer', forged, Date.UTC(2026, 0, 2))).toBeNull();
    expect(verifySessionToken('customer', token, Date.UTC(2026, 0, 2))).toBe('c-1');
    expect(verifySessionToken('customer', token, Date.UTC(2028, 0, 1))).toBeNull();
    expect(verifySessionToken('customer', 'garbage')).toBeNull();
  });

  it('reads a cookie from a raw header', () => {
    expect(readCookie('a=1; ea_agent=v1.a.x.1.sig; b=2', 'ea_agent')).toBe('v1.a.x.1.sig');
    expect(readCookie(undefined, 'ea_agent')).toBeUndefined();
  });
});

describe('passwords', () => {
  it('are stored hashed and verified', async () => {
    const hash = await hashPassword('demo-agent');
    expect(hash).not.toContain('demo-agent');
    expect(await verifyPassword('demo-agent', hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
  });
});
