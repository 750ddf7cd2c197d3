import { vi } from 'vitest';
import type { MotionEventLike, MotionWindow } from '../../lib/shake/browser.ts';

/**
 * A stand-in for `window` with only what the shake code touches: devicemotion listeners, timers, a
 * vibrate spy, and a clock that `emit` moves to each event's timestamp (the handler runs a moment later).
 */
export class FakeMotionWindow implements MotionWindow {
  listeners = new Set<(e: MotionEventLike) => void>();
  navigator: { vibrate?: (p: number | number[]) => boolean } = { vibrate: vi.fn(() => true) };
  DeviceMotionEvent: MotionWindow['DeviceMotionEvent'];
  /** `null`: a browser without DeviceMotionEvent. */
  constructor(dme: MotionWindow['DeviceMotionEvent'] | null = {}) {
    this.DeviceMotionEvent = dme ?? undefined;
  }
  addEventListener(_type: 'devicemotion', l: (e: MotionEventLike) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_type: 'devicemotion', l: (e: MotionEventLike) => void) {
    this.listeners.delete(l);
  }
  setTimeout(fn: () => void, ms: number) {
    return setTimeout(fn, ms);
  }
  clearTimeout(id: unknown) {
    clearTimeout(id as ReturnType<typeof setTimeout>);
  }
  clock = 0;
  performance = { now: () => this.clock };
  emit(e: MotionEventLike) {
    if (typeof e.timeStamp === 'number') this.clock = e.timeStamp + 2;
    for (const l of this.listeners) l(e);
  }
}
