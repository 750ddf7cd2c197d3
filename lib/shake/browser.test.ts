import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { createMotionListener, motionSupport, requestMotionPermission, type MotionEventLike, type MotionStatus } from './browser.ts';
import { useShake } from './use-shake.ts';
import { FakeMotionWindow } from '../../test/helpers/motion-window.ts';

const G = 9.81;

const nullEvent: MotionEventLike = { accelerationIncludingGravity: { x: null, y: null, z: null }, acceleration: { x: null, y: null, z: null }, timeStamp: 1 };

/** Emits a 4 Hz, 2 g shake at 60 Hz for `ms`, through `field`. */
function emitShake(win: FakeMotionWindow, ms: number, field: 'accelerationIncludingGravity' | 'acceleration', t0 = 100) {
  for (let t = 0; t <= ms; t += 1000 / 60) {
    const a = 20 * Math.sin(2 * Math.PI * 4 * (t / 1000));
    const v = field === 'accelerationIncludingGravity' ? { x: a, y: 0, z: G } : { x: a, y: 0, z: 0 };
    win.emit({ [field]: v, [field === 'acceleration' ? 'accelerationIncludingGravity' : 'acceleration']: null, timeStamp: t0 + t });
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createMotionListener', () => {
  it('reports unsupported without DeviceMotionEvent and never listens', async () => {
    const win = new FakeMotionWindow(null);
    const onShake = vi.fn();
    const l = createMotionListener({ onShake, window: win });
    await expect(l.start()).resolves.toBe('unsupported');
    expect(win.listeners.size).toBe(0);
    expect(l.status).toBe('unsupported');
  });

  it('ignores the all-null event Chromium sends and reports no-sensor after ~1 s', async () => {
    const win = new FakeMotionWindow();
    const statuses: MotionStatus[] = [];
    const l = createMotionListener({ onShake: vi.fn(), window: win, onStatus: (s) => statuses.push(s) });
    const p = l.start();
    win.emit(nullEvent);
    expect(l.status).toBe('idle');
    vi.advanceTimersByTime(999);
    expect(l.status).toBe('idle');
    vi.advanceTimersByTime(2);
    await expect(p).resolves.toBe('no-sensor');
    expect(statuses).toEqual(['no-sensor']);
  });

  it('says needs-permission rather than no-sensor when motion is gated behind requestPermission', async () => {
    const win = new FakeMotionWindow({ requestPermission: vi.fn(async () => 'granted') });
    const l = createMotionListener({ onShake: vi.fn(), window: win });
    const p = l.start();
    vi.advanceTimersByTime(1500);
    await expect(p).resolves.toBe('needs-permission');
    expect(win.DeviceMotionEvent!.requestPermission).not.toHaveBeenCalled(); // only ever from a tap
  });

  it('listens when events flow even though requestPermission exists (desktop Chromium)', async () => {
    const win = new FakeMotionWindow({ requestPermission: vi.fn(async () => 'granted') });
    const l = createMotionListener({ onShake: vi.fn(), window: win });
    const p = l.start();
    win.emit(nullEvent);
    win.emit({ accelerationIncludingGravity: { x: 0, y: 0, z: G }, timeStamp: 20 });
    await expect(p).resolves.toBe('listening');
    vi.advanceTimersByTime(5000);
    expect(l.status).toBe('listening');
  });

  it('recognises a shake, vibrates ~80 ms and calls onShake once per refractory period', async () => {
    const win = new FakeMotionWindow();
    const onShake = vi.fn();
    const l = createMotionListener({ onShake, window: win });
    const p = l.start();
    emitShake(win, 700, 'accelerationIncludingGravity');
    await expect(p).resolves.toBe('listening');
    expect(onShake).toHaveBeenCalledTimes(1);
    expect(win.navigator.vibrate).toHaveBeenCalledWith(80);
  });

  it('reports a near miss for a gentle shake the chosen sensitivity does not take, and not for one it does', async () => {
    // 3 Hz at 0.75 g for 3 s, then 2 s still: `gentle` takes it, `normal` does not (lib/shake/near-miss.ts).
    const emitSoft = (win: FakeMotionWindow) => {
      for (let t = 0; t <= 5000; t += 1000 / 60) {
        const a = t <= 3000 ? 7.5 * Math.sin(2 * Math.PI * 3 * (t / 1000)) : 0;
        win.emit({ accelerationIncludingGravity: { x: a, y: 0, z: G }, timeStamp: 100 + t });
      }
    };
    const win = new FakeMotionWindow();
    const onShake = vi.fn();
    const onNearMiss = vi.fn();
    const l = createMotionListener({ onShake, onNearMiss, window: win });
    void l.start();
    emitSoft(win);
    expect(onShake).not.toHaveBeenCalled();
    expect(onNearMiss).toHaveBeenCalledTimes(1);
    expect(onNearMiss).toHaveBeenCalledWith('gentle');
    expect(win.navigator.vibrate).not.toHaveBeenCalled(); // only a real shake buzzes
    l.stop();

    const gentleWin = new FakeMotionWindow();
    const gentleShake = vi.fn();
    const gentleNearMiss = vi.fn();
    void createMotionListener({ onShake: gentleShake, onNearMiss: gentleNearMiss, sensitivity: 'gentle', window: gentleWin }).start();
    emitSoft(gentleWin);
    expect(gentleShake).toHaveBeenCalled();
    expect(gentleNearMiss).not.toHaveBeenCalled();

    const strongWin = new FakeMotionWindow();
    const strongNearMiss = vi.fn();
    void createMotionListener({ onShake: vi.fn(), onNearMiss: strongNearMiss, window: strongWin }).start();
    emitShake(strongWin, 2000, 'accelerationIncludingGravity');
    expect(strongNearMiss).not.toHaveBeenCalled();
  });

  it('falls back to `acceleration` when accelerationIncludingGravity is null', async () => {
    const win = new FakeMotionWindow();
    const onShake = vi.fn();
    const l = createMotionListener({ onShake, window: win });
    const p = l.start();
    emitShake(win, 700, 'acceleration');
    await expect(p).resolves.toBe('listening');
    expect(onShake).toHaveBeenCalledTimes(1);
  });

  it('uses its own clock when the event timestamps are on another clock (epoch ms, µs)', async () => {
    const win = new FakeMotionWindow();
    const onShake = vi.fn();
    void createMotionListener({ onShake, window: win }).start();
    for (let t = 0; t <= 700; t += 1000 / 60) {
      win.clock = 500 + t;
      const a = 20 * Math.sin(2 * Math.PI * 4 * (t / 1000));
      for (const l of win.listeners) l({ accelerationIncludingGravity: { x: a, y: 0, z: G }, timeStamp: (500 + t) * 1000 });
    }
    expect(onShake).toHaveBeenCalledTimes(1);
  });

  it('survives a browser whose vibrate throws or is missing', async () => {
    const win = new FakeMotionWindow();
    win.navigator = {
      vibrate: () => {
        throw new Error('blocked');
      },
    };
    const onShake = vi.fn();
    void createMotionListener({ onShake, window: win }).start();
    emitShake(win, 700, 'accelerationIncludingGravity');
    expect(onShake).toHaveBeenCalledTimes(1);
    const win2 = new FakeMotionWindow();
    win2.navigator = {};
    const onShake2 = vi.fn();
    void createMotionListener({ onShake: onShake2, window: win2, vibrateMs: 0 }).start();
    emitShake(win2, 700, 'accelerationIncludingGravity');
    expect(onShake2).toHaveBeenCalledTimes(1);
  });

  it('stop() removes the listener, resets the status and ignores later events', async () => {
    const win = new FakeMotionWindow();
    const onShake = vi.fn();
    const l = createMotionListener({ onShake, window: win });
    void l.start();
    win.emit({ accelerationIncludingGravity: { x: 0, y: 0, z: G }, timeStamp: 5 });
    expect(l.status).toBe('listening');
    l.stop();
    expect(win.listeners.size).toBe(0);
    expect(l.status).toBe('idle');
    emitShake(win, 700, 'accelerationIncludingGravity');
    expect(onShake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2000);
    expect(l.status).toBe('idle');
  });

  it('reports denied after a refusal, until permission is granted again', async () => {
    const win = new FakeMotionWindow({ requestPermission: vi.fn(async () => 'denied') });
    const l = createMotionListener({ onShake: vi.fn(), window: win });
    l.permissionDenied();
    expect(l.status).toBe('denied');
    await expect(l.start()).resolves.toBe('denied');
    expect(win.listeners.size).toBe(0);
    l.permissionGranted();
    const p = l.start();
    win.emit({ accelerationIncludingGravity: { x: 0, y: 0, z: G }, timeStamp: 5 });
    await expect(p).resolves.toBe('listening');
  });
});

describe('requestMotionPermission', () => {
  it('calls DeviceMotionEvent.requestPermission synchronously (inside the tap) and maps every answer', async () => {
    const answers: [() => Promise<string>, string][] = [
      [async () => 'granted', 'granted'],
      [async () => 'denied', 'denied'],
      [async () => 'default', 'denied'],
      [async () => 'prompt', 'denied'],
      [() => Promise.reject(new DOMException('not allowed', 'NotAllowedError')), 'denied'],
      [
        () => {
          throw new TypeError('boom');
        },
        'denied',
      ],
    ];
    for (const [impl, expected] of answers) {
      const request = vi.fn(impl);
      const win = new FakeMotionWindow({ requestPermission: request });
      const pending = requestMotionPermission(win);
      expect(request).toHaveBeenCalledTimes(1); // before any await
      await expect(pending).resolves.toBe(expected);
    }
  });

  it('grants without asking where the browser has nothing to ask, and reports unsupported browsers', async () => {
    await expect(requestMotionPermission(new FakeMotionWindow({}))).resolves.toBe('granted');
    await expect(requestMotionPermission(new FakeMotionWindow(null))).resolves.toBe('unsupported');
    await expect(requestMotionPermission(undefined)).resolves.toBe('unsupported'); // server side: no window
  });

  it('motionSupport tells the three cases apart without asking', () => {
    expect(motionSupport(new FakeMotionWindow(null))).toBe('unsupported');
    expect(motionSupport(new FakeMotionWindow({}))).toBe('available');
    expect(motionSupport(new FakeMotionWindow({ requestPermission: async () => 'granted' }))).toBe('needs-permission');
    expect(motionSupport(undefined)).toBe('unsupported');
  });
});

describe('useShake', () => {
  it('renders on the server without touching window or the sensor', () => {
    let seen: MotionStatus | undefined;
    function Probe() {
      const { status } = useShake({ enabled: true, onShake: () => {} });
      seen = status;
      return createElement('span', null, status);
    }
    expect(renderToString(createElement(Probe))).toContain('idle');
    expect(seen).toBe('idle');
  });
});
