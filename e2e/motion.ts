// Motion for the page under test: samples dispatched as devicemotion events in real time, each read at
// its own time on a private clock (lib/shake/browser.ts uses performance.now() during the dispatch),
// so a busy machine changes when events arrive, never what the detector sees.
import type { Page } from '@playwright/test';

export type Sample = [t: number, x: number, y: number, z: number];

export const replayMotion = (page: Page, samples: Sample[]) =>
  page.evaluate(async (s) => {
    const w = window as unknown as { __replayClock?: number };
    const realNow = performance.now.bind(performance);
    const base = Math.max(w.__replayClock ?? 0, realNow() + 600_000) + 1000; // > 1 s on: the detector starts afresh
    const start = realNow();
    for (const [t, x, y, z] of s) {
      const wait = start + t - realNow();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const event = new DeviceMotionEvent('devicemotion', { accelerationIncludingGravity: { x, y, z }, interval: 16 });
      performance.now = () => base + t;
      try {
        window.dispatchEvent(event);
      } finally {
        delete (performance as { now?: unknown }).now; // the prototype's own again
      }
      w.__replayClock = base + t;
    }
  }, samples);

/** A phone lying still (gravity on z) for `ms`, then a brisk shake along x: `hz` cycles a second of ±`peak` m/s². */
export const syntheticShake = (opts: { restMs?: number; shakeMs?: number; hz?: number; peak?: number } = {}): Sample[] => {
  const { restMs = 1000, shakeMs = 2000, hz = 4, peak = 22 } = opts;
  const out: Sample[] = [];
  for (let t = 0; t <= restMs + shakeMs; t += 1000 / 60) {
    const s = t < restMs ? 0 : peak * Math.sin((2 * Math.PI * hz * (t - restMs)) / 1000);
    out.push([Math.round(t), s, 0, 9.81]);
  }
  return out;
};
