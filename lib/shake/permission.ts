/**
 * The motion-permission answer across taps and reloads, framework-agnostic (used by ./use-shake.ts).
 *
 * - Where the browser gates motion behind `DeviceMotionEvent.requestPermission` (iOS Safari), every tap
 *   that leads to where a shake counts asks, synchronously, until this page has an answer
 *   (`shouldAskOnTap`). A tap in the first second, before the listener has concluded
 *   `needs-permission`, asks too: waiting for the status would lose that tap's gesture.
 * - The last answer is remembered on this device (`localStorage['ea-motion-permission']`). iOS does not
 *   prompt again after a reload, but motion still only flows once `requestPermission` ran inside a
 *   tap, so the tap keeps asking; what changes is the hint before that tap (`shakeHint`):
 *   - after a grant that motion followed, 'resume' instead of 'needs-permission': shaking worked here
 *     before, so the customer is told that one tap switches it back on, not asked to allow it again.
 *     A grant alone is not remembered (`confirmMotion`): Chromium answers 'granted' without asking
 *     anyone, also where no motion ever arrives, and a hint must not claim a grant nobody gave;
 *   - after a refusal, 'denied': shaking is off and the button works, rather than inviting them to
 *     allow what they refused. The tap still asks, so a changed mind (browser settings) is picked up.
 *   A refusal replaces a remembered grant (it may have been withdrawn in the browser's settings).
 * - Storage may be missing or throw (private mode, blocked site data): then nothing is remembered.
 */
import { motionSupport, requestMotionPermission, type MotionPermission, type MotionStatus, type MotionWindow } from './browser.ts';

export const MOTION_PERMISSION_KEY = 'ea-motion-permission';

/** The parts of `localStorage` used here (injectable for tests). */
export interface PermissionStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** This page's knowledge of the answer: none yet, a request in flight, or the answer. */
export type PermissionAnswer = 'unknown' | 'asking' | 'granted' | 'denied';

export function defaultPermissionStorage(): PermissionStorage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : (window.localStorage ?? undefined);
  } catch {
    return undefined; // Safari throws SecurityError when site data is blocked
  }
}

export type RememberedAnswer = 'granted' | 'denied' | null;

/** The answer a previous page on this device got (null: none, or unreadable). Never throws. */
export function readRememberedAnswer(storage: PermissionStorage | null | undefined = defaultPermissionStorage()): RememberedAnswer {
  try {
    const v = storage?.getItem(MOTION_PERMISSION_KEY);
    return v === 'granted' || v === 'denied' ? v : null;
  } catch {
    return null;
  }
}

/** Keeps the browser's answer for the next page; 'unsupported' changes nothing. Never throws. */
export function rememberAnswer(answer: MotionPermission, storage: PermissionStorage | null | undefined = defaultPermissionStorage()): void {
  if (answer === 'unsupported') return;
  try {
    storage?.setItem(MOTION_PERMISSION_KEY, answer);
  } catch {
    // quota or private mode: after a reload the hint is just the first-time one
  }
}

/** Drops a remembered answer (a new grant replaces an old refusal). Never throws. */
export function forgetAnswer(storage: PermissionStorage | null | undefined = defaultPermissionStorage()): void {
  try {
    storage?.removeItem(MOTION_PERMISSION_KEY);
  } catch {
    // nothing was kept, or nothing can be
  }
}

/**
 * Whether a tap should call `DeviceMotionEvent.requestPermission` now: only where the browser gates
 * motion, only while this page has no answer and no request in flight, and only while motion is not
 * already flowing (`listening`) or known to be impossible (`unsupported`).
 */
export function shouldAskOnTap(opts: { support: 'unsupported' | 'needs-permission' | 'available'; status: MotionStatus; answer: PermissionAnswer }): boolean {
  if (opts.support !== 'needs-permission' || opts.answer !== 'unknown') return false;
  return opts.status === 'idle' || opts.status === 'needs-permission';
}

export interface PermissionGateOptions {
  /** A stand-in for `window` (tests); default the real one. */
  window?: MotionWindow;
  /** Where the last answer is kept; default `localStorage`, null: nowhere. */
  storage?: PermissionStorage | null;
}

export interface PermissionGate {
  /** This page's answer so far. */
  readonly answer: PermissionAnswer;
  /** The answer remembered from an earlier page (after `load()`), or the latest one this page got. */
  readonly remembered: RememberedAnswer;
  /** Reads the remembered answer. Call after mounting (the server has no storage). */
  load(): RememberedAnswer;
  /**
   * Asks now, whatever the state (call synchronously from a tap). A refusal from a gating browser is
   * remembered at once; a grant only once motion follows it (`confirmMotion`).
   */
  request(): Promise<MotionPermission>;
  /** Motion events arrived: a grant this page got is now worth remembering. */
  confirmMotion(): void;
  /** For a tap: asks (as `request()`) only when `shouldAskOnTap`; otherwise returns null without asking. */
  askOnTap(status: MotionStatus): Promise<MotionPermission> | null;
}

/** One page's permission state: what it asked, what it got, what it remembers. */
export function createPermissionGate(options: PermissionGateOptions = {}): PermissionGate {
  const store = () => (options.storage === undefined ? defaultPermissionStorage() : options.storage);
  let answer: PermissionAnswer = 'unknown';
  let remembered: RememberedAnswer = null;

  const gate: PermissionGate = {
    get answer() {
      return answer;
    },
    get remembered() {
      return remembered;
    },
    load() {
      remembered = readRememberedAnswer(store());
      return remembered;
    },
    request() {
      const gated = motionSupport(options.window) === 'needs-permission';
      const before = answer;
      answer = 'asking';
      // No await before this call: DeviceMotionEvent.requestPermission must run inside the tap.
      return requestMotionPermission(options.window).then((got) => {
        if (got === 'unsupported') {
          answer = before;
          return got;
        }
        answer = got;
        // Only a browser that actually gates motion gave an answer worth remembering.
        if (gated && got === 'denied') {
          rememberAnswer(got, store());
          remembered = got;
        } else if (gated && got === 'granted') {
          // An earlier refusal no longer holds; the grant itself waits for motion (confirmMotion).
          forgetAnswer(store());
          remembered = null;
        }
        return got;
      });
    },
    confirmMotion() {
      if (answer !== 'granted' || remembered === 'granted' || motionSupport(options.window) !== 'needs-permission') return;
      rememberAnswer('granted', store());
      remembered = 'granted';
    },
    askOnTap(status) {
      return shouldAskOnTap({ support: motionSupport(options.window), status, answer }) ? gate.request() : null;
    },
  };
  return gate;
}

/**
 * Which hint (messages customer.shakeStatus.*) a status calls for; null when there is nothing to say.
 * The words claim only what the page knows: 'no-sensor' means no motion readings arrived, not that the
 * phone has no sensor (a browser setting, or a page not on https, stops them too); 'insecure' says the
 * likelier reason when the page is not a secure context, where browsers send no motion at all (Chromium and
 * Safari do not even define DeviceMotionEvent there: a phone opening http://<LAN address> looked "unsupported").
 */
export type ShakeHint = 'unsupported' | 'no-sensor' | 'denied' | 'needs-permission' | 'resume' | 'insecure';

export function shakeHint(status: MotionStatus, remembered: RememberedAnswer, secure = true): ShakeHint | null {
  // Browsers hide DeviceMotionEvent itself from a page that is not secure ('unsupported'): the page, not the phone, is why.
  if (!secure && (status === 'no-sensor' || status === 'needs-permission' || status === 'unsupported')) return 'insecure';
  switch (status) {
    case 'needs-permission':
      return remembered === 'granted' ? 'resume' : remembered === 'denied' ? 'denied' : 'needs-permission';
    case 'unsupported':
    case 'no-sensor':
    case 'denied':
      return status;
    default:
      return null;
  }
}
