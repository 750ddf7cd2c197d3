'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * Placeholder shake wiring (patent claims 6–8): listens to devicemotion while enabled and fires when
 * the change rate of the three-axis acceleration over a short window crosses a threshold.
 * Replaced by lib/shake's measured detector.
 */
export function useFindGesture({ enabled, onShake }: { enabled: boolean; onShake: () => void }) {
  const [message] = useState<string | null>(null);
  const onShakeRef = useRef(onShake);
  onShakeRef.current = onShake;

  useEffect(() => {
    if (!enabled || typeof window === 'undefined' || !('DeviceMotionEvent' in window)) return;
    const samples: { t: number; x: number; y: number; z: number }[] = [];
    let last = 0;
    const listener = (e: DeviceMotionEvent) => {
      const a = e.accelerationIncludingGravity ?? e.acceleration;
      if (!a || a.x == null || a.y == null || a.z == null) return;
      const t = e.timeStamp;
      samples.push({ t, x: a.x, y: a.y, z: a.z });
      while (samples.length && samples[0]!.t < t - 500) samples.shift();
      let change = 0;
      for (let i = 1; i < samples.length; i++) {
        const p = samples[i - 1]!;
        const c = samples[i]!;
        change += Math.abs(c.x - p.x) + Math.abs(c.y - p.y) + Math.abs(c.z - p.z);
      }
      const rate = samples.length > 1 ? change / ((t - samples[0]!.t) / 1000 || 1) : 0;
      if (rate > 400 && t - last > 1500) {
        last = t;
        onShakeRef.current();
      }
    };
    window.addEventListener('devicemotion', listener);
    return () => window.removeEventListener('devicemotion', listener);
  }, [enabled]);

  return { message };
}
