/**
 * Browser side of the shake gesture, framework-agnostic (the React hook in ./use-shake.ts wraps it).
 *
 * - Listens to `devicemotion`, preferring `accelerationIncludingGravity` and falling back to
 *   `acceleration` when a browser only fills that one. The detector removes gravity itself, so either
 *   works; the source is chosen on the first usable event and kept, so gravity never jumps in and out.
 * - Ignores events whose values are all null: Chromium fires one right after a listener is added, also on
 *   machines without a motion sensor.
 * - Reports a status: `listening`; `unsupported` (no DeviceMotionEvent at all); `no-sensor` (no usable
 *   event within ~1 s of starting); `needs-permission` (the browser gates motion behind
 *   `DeviceMotionEvent.requestPermission` — iOS Safari — and nothing arrived yet); `denied`.
 * - `requestMotionPermission()` must be called from a tap/click handler: iOS only shows the prompt for a
 *   user gesture. `DeviceMotionEvent.requestPermission` also exists in desktop Chromium, where it simply
 *   resolves 'granted', so its presence does not mean iOS; it is only ever called from a tap, and every
 *   answer (granted, denied, anything else, a rejection) is handled.
 * - Vibrates briefly (`navigator.vibrate`, where supported) when a shake is recognised.
 * - With `onNearMiss`, also reports a shake the chosen sensitivity did not take but the next gentler one
 *   would have (./near-miss.ts), so the page can suggest shaking faster or switching to that one.
 *
 * Nothing here touches the DOM at import time, so it is safe to import during server rendering.
 */
import { createShakeDetector, type CreateShakeDetectorOptions, type ShakeSensitivity } from './detector.ts';
import { createNearMissWatcher, GENTLER } from './near-miss.ts';

export type MotionStatus = 'idle' | 'listening' | 'unsupported' | 'no-sensor' | 'needs-permission' | 'denied';

export type MotionPermission = 'granted' | 'denied' | 'unsupported';

interface XYZ {
  x: number | null;
  y: number | null;
  z: number | null;
}

/** The parts of a DeviceMotionEvent this module reads. */
export interface MotionEventLike {
  accelerationIncludingGravity?: XYZ | null;
  acceleration?: XYZ | null;
  timeStamp?: number;
}

type RequestPermission = () => Promise<string>;

/** The parts of `window` this module uses (injectable for tests). */
export interface MotionWindow {
  addEventListener(type: 'devicemotion', listener: (e: MotionEventLike) => void): void;
  removeEventListener(type: 'devicemotion', listener: (e: MotionEventLike) => void): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  DeviceMotionEvent?: { requestPermission?: RequestPermission } | undefined;
  navigator?: { vibrate?: (pattern: number | number[]) => boolean };
  performance?: { now(): number };
}

function defaultWindow(): MotionWindow | undefined {
  return typeof window === 'undefined' ? undefined : (window as unknown as MotionWindow);
}

/** What the browser offers, without asking anything: decides whether to show a "enable shake" button. */
export function motionSupport(win: MotionWindow | undefined = defaultWindow()): 'unsupported' | 'needs-permission' | 'available' {
  if (!win || typeof win.DeviceMotionEvent === 'undefined') return 'unsupported';
  return typeof win.DeviceMotionEvent?.requestPermission === 'function' ? 'needs-permission' : 'available';
}

/**
 * Asks for motion access. Call it synchronously from a tap/click handler (iOS rejects it otherwise).
 * Resolves 'granted' when motion events may flow (also when the browser asks nothing), 'denied' for a
 * refusal or any other answer/failure, 'unsupported' without DeviceMotionEvent.
 */
export function requestMotionPermission(win: MotionWindow | undefined = defaultWindow()): Promise<MotionPermission> {
  if (!win || typeof win.DeviceMotionEvent === 'undefined') return Promise.resolve('unsupported');
  const request = win.DeviceMotionEvent?.requestPermission;
  if (typeof request !== 'function') return Promise.resolve('granted');
  let pending: Promise<string>;
  try {
    // Called before any await so it still runs inside the user gesture.
    pending = Promise.resolve(request.call(win.DeviceMotionEvent));
  } catch {
    return Promise.resolve('denied');
  }
  return pending.then(
    (answer) => (answer === 'granted' ? 'granted' : 'denied'),
    () => 'denied' as const,
  );
}

export interface MotionListenerOptions {
  onShake: () => void;
  /** Every status change (also the one `start()` resolves with). */
  onStatus?: (status: MotionStatus) => void;
  sensitivity?: ShakeSensitivity;
  /** Detector overrides (see `ShakeDetectorOptions`). */
  detector?: Omit<CreateShakeDetectorOptions, 'sensitivity'>;
  window?: MotionWindow;
  /** No usable event within this time after `start()` → `no-sensor` (or `needs-permission`). */
  noSensorTimeoutMs?: number;
  /** Vibration on a shake in ms; 0 disables. */
  vibrateMs?: number;
  /** A shake the chosen sensitivity did not take but the next gentler one (given) would have; never with `gentle`. */
  onNearMiss?: (gentler: ShakeSensitivity) => void;
}

export interface MotionListener {
  /**
   * Starts listening. Resolves with the first definite status: `listening` on the first usable event,
   * `unsupported` at once, `no-sensor`/`needs-permission` after the timeout. Calling it again while
   * started returns the same promise.
   */
  start(): Promise<MotionStatus>;
  /** Stops listening and forgets the detector state; the status goes back to `idle`. */
  stop(): void;
  /** Marks permission as granted (after `requestMotionPermission()` resolved 'granted'). */
  permissionGranted(): void;
  /** Marks permission as refused: status `denied` until started again after a grant. */
  permissionDenied(): void;
  readonly status: MotionStatus;
}

function readXYZ(v: XYZ | null | undefined, out: { x: number; y: number; z: number }): boolean {
  if (!v) return false;
  const { x, y, z } = v;
  if (x == null || y == null || z == null) return false;
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) return false;
  out.x = x;
  out.y = y;
  out.z = z;
  return true;
}

export function createMotionListener(options: MotionListenerOptions): MotionListener {
  const win = options.window ?? defaultWindow();
  const timeoutMs = options.noSensorTimeoutMs ?? 1000;
  const vibrateMs = options.vibrateMs ?? 80;
  const detector = createShakeDetector({ ...options.detector, sensitivity: options.sensitivity ?? 'normal' });
  const chosen = options.sensitivity ?? 'normal';
  const gentler = GENTLER[chosen];
  const nearMiss = options.onNearMiss && gentler ? createNearMissWatcher({ sensitivity: chosen }) : null;
  const sample = { t: 0, x: 0, y: 0, z: 0 };

  let status: MotionStatus = 'idle';
  let started = false;
  let granted = false; // requestPermission answered 'granted' in this page
  let source: 'gravity' | 'linear' | null = null;
  let timer: unknown = null;
  let settle: ((s: MotionStatus) => void) | null = null;
  let startPromise: Promise<MotionStatus> | null = null;

  function setStatus(next: MotionStatus) {
    if (next !== status) {
      status = next;
      options.onStatus?.(next);
    }
    if (next !== 'idle' && settle) {
      const s = settle;
      settle = null;
      s(next);
    }
  }

  function now(): number {
    return win?.performance?.now() ?? Date.now();
  }

  const onMotion = (e: MotionEventLike) => {
    let ok = false;
    if (source !== 'linear') ok = readXYZ(e.accelerationIncludingGravity, sample);
    if (ok) source = 'gravity';
    else if (source !== 'gravity') {
      ok = readXYZ(e.acceleration, sample);
      if (ok) source = 'linear';
    }
    if (!ok) return; // all-null event (Chromium sends one even without a sensor)
    if (status !== 'listening') {
      if (timer !== null) win?.clearTimeout(timer);
      timer = null;
      setStatus('listening');
    }
    // The event's own timestamp (when the reading was taken) beats the handler's clock, but only if it
    // is on the same clock as performance.now(): a browser reporting epoch or µs timestamps would make
    // every sample look like a gap.
    const clock = now();
    const ts = e.timeStamp;
    sample.t = typeof ts === 'number' && ts > 0 && Math.abs(ts - clock) < 1000 ? ts : clock;
    const fired = detector.push(sample);
    if (nearMiss?.push(sample, fired) && gentler) options.onNearMiss?.(gentler);
    if (fired) {
      if (vibrateMs > 0) {
        try {
          win?.navigator?.vibrate?.(vibrateMs);
        } catch {
          // vibration is a nicety; some browsers throw without user activation
        }
      }
      options.onShake();
    }
  };

  return {
    get status() {
      return status;
    },
    start() {
      if (startPromise) return startPromise;
      if (!win || motionSupport(win) === 'unsupported') {
        setStatus('unsupported');
        return Promise.resolve<MotionStatus>('unsupported');
      }
      if (status === 'denied' && !granted) return Promise.resolve<MotionStatus>('denied');
      started = true;
      source = null;
      detector.reset();
      nearMiss?.reset();
      startPromise = new Promise<MotionStatus>((resolve) => {
        settle = resolve;
      });
      win.addEventListener('devicemotion', onMotion);
      timer = win.setTimeout(() => {
        timer = null;
        if (!started || status === 'listening') return;
        // Nothing usable arrived. Where the browser gates motion behind a permission prompt that has not
        // been answered yet, that is the likelier reason; otherwise there is no sensor.
        setStatus(motionSupport(win) === 'needs-permission' && !granted ? 'needs-permission' : 'no-sensor');
      }, timeoutMs);
      return startPromise;
    },
    stop() {
      if (win && started) win.removeEventListener('devicemotion', onMotion);
      if (timer !== null) win?.clearTimeout(timer);
      timer = null;
      started = false;
      startPromise = null;
      detector.reset();
      nearMiss?.reset();
      const s = settle;
      settle = null;
      if (status !== 'denied' && status !== 'unsupported') setStatus('idle');
      s?.(status);
    },
    permissionGranted() {
      granted = true;
      if (status === 'denied') setStatus('idle');
    },
    permissionDenied() {
      granted = false;
      setStatus('denied');
    },
  };
}
