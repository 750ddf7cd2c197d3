/**
 * React hook for the shake gesture. Import it from a client component (`'use client'`); it touches
 * `window`/`document` only inside effects and callbacks, so server rendering is unaffected.
 *
 *   const { status, requestPermission } = useShake({ enabled: onFindScreen, sensitivity, onShake: find });
 *   // 'needs-permission' → show a button whose onClick calls requestPermission() (iOS asks only on a tap)
 *   // 'no-sensor' | 'unsupported' | 'denied' → say so plainly; the find button still works
 *
 * It listens only while `enabled` is true and the page is visible (`document.visibilityState`), so a
 * phone in a pocket with the tab in the background never runs the sensor.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { createMotionListener, requestMotionPermission, type MotionPermission, type MotionStatus, type MotionWindow } from './browser.ts';
import type { ShakeSensitivity } from './detector.ts';

export type { MotionPermission, MotionStatus } from './browser.ts';

export interface UseShakeOptions {
  enabled: boolean;
  sensitivity?: ShakeSensitivity;
  onShake: () => void;
  /** For tests: a stand-in for `window`. */
  window?: MotionWindow;
}

export interface UseShakeResult {
  /** 'idle' while not listening (disabled, page hidden, or before the first answer from the sensor). */
  status: MotionStatus;
  /**
   * Asks for motion access. Call it directly from a tap/click handler — iOS shows its prompt only for a
   * user gesture. The hook restarts listening after a grant; the resulting state arrives in `status`.
   */
  requestPermission: () => Promise<MotionPermission>;
}

type Permission = 'unknown' | 'granted' | 'denied';

function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState === 'visible';
}

export function useShake({ enabled, sensitivity = 'normal', onShake, window: win }: UseShakeOptions): UseShakeResult {
  const [status, setStatus] = useState<MotionStatus>('idle');
  const [visible, setVisible] = useState<boolean>(true);
  const [permission, setPermission] = useState<Permission>('unknown');
  const onShakeRef = useRef(onShake);
  useEffect(() => {
    onShakeRef.current = onShake;
  }, [onShake]);

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
      onStatus: setStatus,
      sensitivity,
      window: win,
    });
    if (permission === 'granted') listener.permissionGranted();
    void listener.start();
    return () => listener.stop();
  }, [enabled, visible, sensitivity, win, permission]);

  const requestPermission = useCallback((): Promise<MotionPermission> => {
    // No await before this call: DeviceMotionEvent.requestPermission must run inside the tap.
    return requestMotionPermission(win).then((answer) => {
      if (answer === 'granted') setPermission('granted');
      else if (answer === 'denied') setPermission('denied');
      else setStatus('unsupported');
      return answer;
    });
  }, [win]);

  return { status, requestPermission };
}
