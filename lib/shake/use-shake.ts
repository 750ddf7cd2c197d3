/**
 * React hook for the shake gesture. Import it from a client component (`'use client'`); it touches
 * `window`/`document` only inside effects and callbacks, so server rendering is unaffected.
 *
 *   const { status, askOnTap, remembered } = useShake({ enabled: onFindScreen, sensitivity, onShake: find });
 *   // every tap that leads to where a shake counts: onClick={() => { askOnTap(); find(); }}
 *   //   (asks only where the browser gates motion — iOS — and only until this page has an answer)
 *   // 'needs-permission' → hint shakeHint(status, remembered): allow it once, or (granted before) one tap resumes
 *   // 'no-sensor' | 'unsupported' | 'denied' → say so plainly; the find button still works
 *
 * It listens only while `enabled` is true and the page is visible (`document.visibilityState`), so a
 * phone in a pocket with the tab in the background never runs the sensor.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createMotionListener, type MotionPermission, type MotionStatus, type MotionWindow } from './browser.ts';
import type { ShakeSensitivity } from './detector.ts';
import { createPermissionGate, type PermissionStorage, type RememberedAnswer } from './permission.ts';

export type { MotionPermission, MotionStatus } from './browser.ts';
export type { RememberedAnswer } from './permission.ts';

export interface UseShakeOptions {
  enabled: boolean;
  sensitivity?: ShakeSensitivity;
  onShake: () => void;
  /** A shake `sensitivity` did not take but the next gentler one (given) would have (see ./near-miss.ts). */
  onNearMiss?: (gentler: ShakeSensitivity) => void;
  /** For tests: a stand-in for `window`. */
  window?: MotionWindow;
  /** Where the last answer is remembered (default `localStorage`; null: nowhere). */
  storage?: PermissionStorage | null;
}

export interface UseShakeResult {
  /** 'idle' while not listening (disabled, page hidden, or before the first answer from the sensor). */
  status: MotionStatus;
  /**
   * Asks for motion access. Call it directly from a tap/click handler — iOS shows its prompt only for a
   * user gesture. The hook restarts listening after a grant; the resulting state arrives in `status`.
   */
  requestPermission: () => Promise<MotionPermission>;
  /**
   * For every tap that leads to where a shake counts: calls `requestPermission()` when the browser gates
   * motion and this page has no answer yet (also before the first status, so an early tap is not lost);
   * otherwise does nothing. Call it synchronously, first thing in the click handler.
   */
  askOnTap: () => void;
  /** The answer an earlier page on this device got (null until read after mounting, or none). */
  remembered: RememberedAnswer;
}

type Permission = 'unknown' | 'granted' | 'denied';

function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState === 'visible';
}

export function useShake({ enabled, sensitivity = 'normal', onShake, onNearMiss, window: win, storage }: UseShakeOptions): UseShakeResult {
  const [status, setStatus] = useState<MotionStatus>('idle');
  const [visible, setVisible] = useState<boolean>(true);
  const [permission, setPermission] = useState<Permission>('unknown');
  const [remembered, setRemembered] = useState<RememberedAnswer>(null);
  const gate = useMemo(() => createPermissionGate({ window: win, storage }), [win, storage]);
  const onShakeRef = useRef(onShake);
  const onNearMissRef = useRef(onNearMiss);
  const wantsNearMiss = onNearMiss !== undefined;
  useEffect(() => {
    onShakeRef.current = onShake;
    onNearMissRef.current = onNearMiss;
  }, [onShake, onNearMiss]);

  // Read after mounting, not while rendering: the server has no storage, and the first client render
  // must match its HTML.
  useEffect(() => setRemembered(gate.load()), [gate]);

  useEffect(() => {
    if (typeof document === 'undefined') return;
    const update = () => setVisible(pageVisible());
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);

  useEffect(() => {
    if (permission === 'denied') {
      setStatus('denied');
      return;
    }
    if (!enabled || !visible) {
      setStatus((s) => (s === 'unsupported' ? s : 'idle'));
      return;
    }
    const listener = createMotionListener({
      onShake: () => onShakeRef.current(),
      // The gentler detector runs only for a caller that wants near misses.
      onNearMiss: wantsNearMiss ? (level) => onNearMissRef.current?.(level) : undefined,
      onStatus: setStatus,
      sensitivity,
      window: win,
    });
    if (permission === 'granted') listener.permissionGranted();
    void listener.start();
    return () => listener.stop();
  }, [enabled, visible, sensitivity, win, permission, wantsNearMiss]);

  const settle = useCallback(
    (answer: MotionPermission): MotionPermission => {
      setRemembered(gate.remembered);
      if (answer === 'granted') setPermission('granted');
      else if (answer === 'denied') setPermission('denied');
      else setStatus('unsupported');
      return answer;
    },
    [gate],
  );

  // Neither callback awaits before the gate calls DeviceMotionEvent.requestPermission: it must run inside the tap.
  const requestPermission = useCallback((): Promise<MotionPermission> => gate.request().then(settle), [gate, settle]);
  const askOnTap = useCallback(() => void gate.askOnTap(status)?.then(settle), [gate, status, settle]);

  // Motion arrived after a grant: only now is the grant remembered for the next page's hint.
  useEffect(() => {
    if (status !== 'listening') return;
    gate.confirmMotion();
    setRemembered(gate.remembered);
  }, [status, gate]);

  return { status, requestPermission, askOnTap, remembered };
}
