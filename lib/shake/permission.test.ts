import { describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { MotionStatus } from './browser.ts';
import { LOCALES } from '../i18n/config.ts';
import { loadMessages } from '../i18n/load-messages.ts';
import {
  createPermissionGate,
  MOTION_PERMISSION_KEY,
  readRememberedAnswer,
  rememberAnswer,
  shakeHint,
  shouldAskOnTap,
  type PermissionStorage,
  type ShakeHint,
} from './permission.ts';
import { useShake } from './use-shake.ts';
import { FakeMotionWindow } from '../../test/helpers/motion-window.ts';

/** localStorage as a Map; `broken` makes every call throw, as Safari does with site data blocked. */
class FakeStorage implements PermissionStorage {
  items = new Map<string, string>();
  constructor(private broken = false) {}
  getItem(key: string) {
    if (this.broken) throw new DOMException('The operation is insecure.', 'SecurityError');
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.broken) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    if (this.broken) throw new DOMException('The operation is insecure.', 'SecurityError');
    this.items.delete(key);
  }
}

/** An iOS-like browser: motion is gated, and requestPermission answers `answer`. */
const iosWindow = (answer: string | (() => Promise<string>) = 'granted') => {
  const request = vi.fn(typeof answer === 'function' ? answer : async () => answer);
  return { win: new FakeMotionWindow({ requestPermission: request }), request };
};

describe('remembering the answer', () => {
  it(`keeps a grant and a refusal under ${MOTION_PERMISSION_KEY}, the latest winning`, () => {
    const storage = new FakeStorage();
    expect(readRememberedAnswer(storage)).toBeNull();
    rememberAnswer('granted', storage);
    expect(storage.items.get('ea-motion-permission')).toBe('granted');
    expect(readRememberedAnswer(storage)).toBe('granted');
    rememberAnswer('denied', storage); // withdrawn in the browser's settings since
    expect(readRememberedAnswer(storage)).toBe('denied');
    rememberAnswer('unsupported', storage); // not an answer: changes nothing
    expect(readRememberedAnswer(storage)).toBe('denied');
  });

  it('ignores values it did not write, and storage that is missing or throws', () => {
    const storage = new FakeStorage();
    storage.items.set(MOTION_PERMISSION_KEY, 'yes please');
    expect(readRememberedAnswer(storage)).toBeNull();
    const broken = new FakeStorage(true);
    expect(() => rememberAnswer('granted', broken)).not.toThrow();
    expect(readRememberedAnswer(broken)).toBeNull();
    expect(readRememberedAnswer(null)).toBeNull();
    expect(readRememberedAnswer(undefined)).toBeNull(); // server side: no window, no storage
  });
});

describe('shouldAskOnTap', () => {
  it('asks only where motion is gated, only without an answer, and only while motion is not flowing', () => {
    const ask = (support: 'unsupported' | 'needs-permission' | 'available', status: MotionStatus, answer: 'unknown' | 'asking' | 'granted' | 'denied') =>
      shouldAskOnTap({ support, status, answer });
    expect(ask('needs-permission', 'needs-permission', 'unknown')).toBe(true);
    // A tap in the first second, before the listener concluded anything, must not be wasted.
    expect(ask('needs-permission', 'idle', 'unknown')).toBe(true);
    expect(ask('needs-permission', 'listening', 'unknown')).toBe(false); // desktop Chromium: events flow unasked
    expect(ask('needs-permission', 'unsupported', 'unknown')).toBe(false);
    expect(ask('needs-permission', 'needs-permission', 'asking')).toBe(false); // one prompt at a time
    expect(ask('needs-permission', 'no-sensor', 'granted')).toBe(false);
    expect(ask('needs-permission', 'denied', 'denied')).toBe(false);
    expect(ask('available', 'idle', 'unknown')).toBe(false); // Android: nothing to ask
    expect(ask('unsupported', 'unsupported', 'unknown')).toBe(false);
  });
});

describe('shakeHint', () => {
  it('asks to allow shaking the first time, says one tap resumes it after a remembered grant, and says plainly it is off after a refusal', () => {
    expect(shakeHint('needs-permission', null)).toBe('needs-permission');
    expect(shakeHint('needs-permission', 'granted')).toBe('resume');
    expect(shakeHint('needs-permission', 'denied')).toBe('denied');
    // A refusal in this page is said plainly even when an earlier grant was remembered.
    expect(shakeHint('denied', 'granted')).toBe('denied');
    expect(shakeHint('denied', null)).toBe('denied');
    expect(shakeHint('no-sensor', 'granted')).toBe('no-sensor');
    expect(shakeHint('unsupported', null)).toBe('unsupported');
    expect(shakeHint('listening', 'granted')).toBeNull();
    expect(shakeHint('idle', 'granted')).toBeNull();
  });

  it('on a page that is not a secure context (plain http), says so instead of blaming the phone', () => {
    expect(shakeHint('no-sensor', null, false)).toBe('insecure');
    expect(shakeHint('needs-permission', 'granted', false)).toBe('insecure');
    expect(shakeHint('denied', null, false)).toBe('denied');
    // A phone on http://<LAN address>: the browser hides DeviceMotionEvent from the page; the page is the reason (issue 23).
    expect(shakeHint('unsupported', null, false)).toBe('insecure');
    expect(shakeHint('unsupported', null, true)).toBe('unsupported');
    expect(shakeHint('listening', null, false)).toBeNull();
    expect(shakeHint('no-sensor', null, true)).toBe('no-sensor');
  });

  it.each(LOCALES)('the %s hints claim no sensor that may be there and no grant that may never have been given', async (locale) => {
    const messages = (await loadMessages(locale)) as { customer: { shakeStatus: Record<string, string> } };
    const words = messages.customer.shakeStatus;
    const claims = locale === 'en' ? /no motion sensor|sensor found|already allowed/i : /未检测到运动传感器|已在此手机上允许/;
    for (const [hint, text] of Object.entries(words)) expect(text, hint).not.toMatch(claims);
  });

  it.each(LOCALES)('every hint has a %s message under customer.shakeStatus', async (locale) => {
    const messages = (await loadMessages(locale)) as { customer: { shakeStatus: Record<string, string> } };
    const hints: ShakeHint[] = ['unsupported', 'no-sensor', 'denied', 'needs-permission', 'resume', 'insecure'];
    for (const hint of hints) expect(messages.customer.shakeStatus[hint], hint).toEqual(expect.any(String));
    // The resume hint must not ask to allow again: that is what a remembered grant is for.
    expect(messages.customer.shakeStatus.resume).not.toBe(messages.customer.shakeStatus['needs-permission']);
  });
});

describe('createPermissionGate', () => {
  it('asks from the tap synchronously, remembers the grant once motion follows, and does not ask again in this page', async () => {
    const { win, request } = iosWindow('granted');
    const storage = new FakeStorage();
    const gate = createPermissionGate({ window: win, storage });
    expect(gate.load()).toBeNull();
    const pending = gate.askOnTap('needs-permission');
    expect(request).toHaveBeenCalledTimes(1); // before any await: still inside the tap
    expect(gate.answer).toBe('asking');
    await expect(pending).resolves.toBe('granted');
    expect(gate.answer).toBe('granted');
    // Chromium says 'granted' without asking anyone: not remembered until motion actually arrives.
    expect(gate.remembered).toBeNull();
    expect(storage.items.has(MOTION_PERMISSION_KEY)).toBe(false);
    gate.confirmMotion();
    expect(gate.remembered).toBe('granted');
    expect(storage.items.get(MOTION_PERMISSION_KEY)).toBe('granted');
    expect(gate.askOnTap('no-sensor')).toBeNull();
    expect(gate.askOnTap('needs-permission')).toBeNull();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('a second tap while the prompt is open does not ask twice (change, then confirm)', async () => {
    let answer!: (v: string) => void;
    const { win, request } = iosWindow(() => new Promise<string>((r) => (answer = r)));
    const gate = createPermissionGate({ window: win, storage: new FakeStorage() });
    const first = gate.askOnTap('needs-permission');
    expect(gate.askOnTap('needs-permission')).toBeNull();
    expect(request).toHaveBeenCalledTimes(1);
    answer('granted');
    await expect(first).resolves.toBe('granted');
  });

  it('asks on a tap before the first status (idle), but not while motion already flows', async () => {
    const early = iosWindow('granted');
    await expect(createPermissionGate({ window: early.win, storage: null }).askOnTap('idle')).resolves.toBe('granted');
    expect(early.request).toHaveBeenCalledTimes(1);
    const flowing = iosWindow('granted');
    expect(createPermissionGate({ window: flowing.win, storage: null }).askOnTap('listening')).toBeNull();
    expect(flowing.request).not.toHaveBeenCalled();
  });

  it('after a reload a remembered grant is read back, and the tap still asks (iOS needs the gesture again)', async () => {
    const storage = new FakeStorage();
    const before = iosWindow('granted');
    const first = createPermissionGate({ window: before.win, storage });
    await first.askOnTap('needs-permission');
    first.confirmMotion(); // motion flowed after the grant

    const after = iosWindow('granted'); // the reloaded page
    const gate = createPermissionGate({ window: after.win, storage });
    expect(gate.load()).toBe('granted');
    expect(shakeHint('needs-permission', gate.remembered)).toBe('resume');
    expect(after.request).not.toHaveBeenCalled(); // never without a tap
    await expect(gate.askOnTap('needs-permission')).resolves.toBe('granted');
    expect(after.request).toHaveBeenCalledTimes(1);
  });

  it('a refusal replaces a remembered grant; the next page says shaking is off and its tap asks again', async () => {
    const storage = new FakeStorage();
    storage.items.set(MOTION_PERMISSION_KEY, 'granted');
    const { win } = iosWindow('denied');
    const gate = createPermissionGate({ window: win, storage });
    expect(gate.load()).toBe('granted');
    await expect(gate.askOnTap('needs-permission')).resolves.toBe('denied');
    expect(gate.answer).toBe('denied');
    expect(gate.remembered).toBe('denied');
    expect(shakeHint('denied', gate.remembered)).toBe('denied');

    const next = iosWindow('granted'); // changed their mind in the browser's settings
    const reloaded = createPermissionGate({ window: next.win, storage });
    expect(shakeHint('needs-permission', reloaded.load())).toBe('denied');
    await expect(reloaded.askOnTap('needs-permission')).resolves.toBe('granted');
    // The refusal no longer holds; the grant counts once motion arrives.
    expect(reloaded.remembered).toBeNull();
    expect(storage.items.has(MOTION_PERMISSION_KEY)).toBe(false);
    reloaded.confirmMotion();
    expect(reloaded.remembered).toBe('granted');
  });

  it('a grant that no motion ever followed is not remembered: the next page does not say shaking worked before', async () => {
    const storage = new FakeStorage();
    const { win } = iosWindow('granted');
    await createPermissionGate({ window: win, storage }).askOnTap('needs-permission');
    const reloaded = createPermissionGate({ window: iosWindow('granted').win, storage });
    expect(reloaded.load()).toBeNull();
    expect(shakeHint('needs-permission', reloaded.remembered)).toBe('needs-permission');
  });

  it('motion that flows without any request (nothing gated) remembers nothing', () => {
    const storage = new FakeStorage();
    const gate = createPermissionGate({ window: new FakeMotionWindow({}), storage });
    gate.confirmMotion();
    expect(gate.remembered).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('a rejected or throwing request counts as a refusal', async () => {
    const rejecting = iosWindow(() => Promise.reject(new DOMException('requires a user gesture', 'NotAllowedError')));
    await expect(createPermissionGate({ window: rejecting.win, storage: null }).askOnTap('needs-permission')).resolves.toBe('denied');
    const throwing = new FakeMotionWindow({
      requestPermission: () => {
        throw new TypeError('boom');
      },
    });
    const gate = createPermissionGate({ window: throwing, storage: null });
    await expect(gate.askOnTap('needs-permission')).resolves.toBe('denied');
    expect(gate.answer).toBe('denied');
  });

  it('where nothing is gated (Android) or there is no motion at all, a tap asks nothing and nothing is remembered', async () => {
    const storage = new FakeStorage();
    const android = createPermissionGate({ window: new FakeMotionWindow({}), storage });
    expect(android.askOnTap('needs-permission')).toBeNull();
    expect(android.askOnTap('idle')).toBeNull();
    await expect(android.request()).resolves.toBe('granted'); // nothing to ask: granted, not remembered
    expect(storage.items.size).toBe(0);
    const none = createPermissionGate({ window: new FakeMotionWindow(null), storage });
    expect(none.askOnTap('idle')).toBeNull();
    await expect(none.request()).resolves.toBe('unsupported');
    expect(none.answer).toBe('unknown');
    expect(storage.items.size).toBe(0);
  });

  it('storage that throws costs only the memory, never the answer', async () => {
    const { win } = iosWindow('granted');
    const gate = createPermissionGate({ window: win, storage: new FakeStorage(true) });
    expect(gate.load()).toBeNull();
    await expect(gate.askOnTap('needs-permission')).resolves.toBe('granted');
    expect(gate.answer).toBe('granted');
  });
});

describe('useShake', () => {
  it('renders on the server without reading storage or asking anything', () => {
    const { win, request } = iosWindow('granted');
    const storage = new FakeStorage();
    const getItem = vi.spyOn(storage, 'getItem');
    let result: ReturnType<typeof useShake> | undefined;
    function Probe() {
      result = useShake({ enabled: true, onShake: () => {}, window: win, storage });
      return createElement('span', null, result.status);
    }
    expect(renderToString(createElement(Probe))).toContain('idle');
    expect(result?.remembered).toBeNull();
    expect(typeof result?.askOnTap).toBe('function');
    expect(getItem).not.toHaveBeenCalled();
    expect(request).not.toHaveBeenCalled();
  });
});
