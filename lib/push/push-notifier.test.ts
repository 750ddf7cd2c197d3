import { describe, expect, it } from 'vitest';
import { waitingNotice } from './push-notifier.ts';
import { safeTarget } from '../pwa/push-handlers.ts';

describe('what an agent without a console is pushed about waiting requests', () => {
  const newest = { customer: 'Li Lei', message: 'Where is my parcel?' };
  it('one request: who and what', () => {
    expect(waitingNotice({ waiting: 1, newest })).toEqual({ title: 'New request from Li Lei', body: 'Where is my parcel?', url: '/agent', tag: 'requests-waiting' });
  });
  it('a backlog at the start of a shift: one summary with the count, under the same tag (the device keeps one)', () => {
    expect(waitingNotice({ waiting: 12, newest })).toEqual({ title: '12 requests are waiting for you', body: 'Open the console to see them.', url: '/agent', tag: 'requests-waiting' });
    expect(waitingNotice({ waiting: 12, newest, locale: 'zh-CN' }).title).toBe('有 12 个请求在等您');
  });
  it('a long message is shortened', () => {
    expect(waitingNotice({ waiting: 1, newest: { customer: 'A', message: 'x'.repeat(500) } }).body).toHaveLength(140);
  });
});

describe('the screen a notification click opens', () => {
  const origin = 'https://app.example';
  it.each([
    ['/?request=abc', '/?request=abc'],
    ['/agent?callback=c1', '/agent?callback=c1'],
    ['https://app.example/agent', '/agent'],
    ['https://evil.example/phish', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
  ])('%s → %s', (url, expected) => {
    expect(safeTarget(url, origin)).toBe(expected);
  });
});
