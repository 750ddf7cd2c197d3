/**
 * "Was that a shake we did not take?" — so the page can help instead of staying silent.
 *
 * The default sensitivity misses the gentlest shakes (slow, ~1.5 Hz back-and-forths; see
 * docs/benchmarks.md): to the person shaking, nothing happens. This watcher runs the `gentle` preset
 * beside the chosen one. When `gentle` recognises a shake and the chosen detector has not fired around
 * it (within `graceMs` either side), it reports a near miss once, and then stays quiet for `cooldownMs`.
 * The page turns that into a hint ("shake a little faster, or switch to gentle shaking") — never into a
 * request, so the hint costs nothing when `gentle`'s extra triggers (a brisk wave, rarely a walk) are
 * not shakes.
 *
 * Presets are monotonic (every `gentle` threshold is at most `normal`'s and `firm`'s), so whenever the
 * chosen detector fires, `gentle` has fired at the same moment or a little before; the grace period
 * covers the gap. With `gentle` chosen there is nothing gentler, and the watcher never reports.
 *
 * Pure and DOM-free; no allocation per sample.
 */
import { createShakeDetector, type MotionSample, type ShakeSensitivity } from './detector.ts';

export interface NearMissOptions {
  /** The sensitivity the user picked (what the page acts on). */
  sensitivity: ShakeSensitivity;
  /** How long the chosen detector has, before and after a `gentle` trigger, to fire too (ms). */
  graceMs?: number;
  /** After a near miss, no other for this long (ms). */
  cooldownMs?: number;
}

export interface NearMissWatcher {
  /**
   * Feeds the sample the chosen detector just saw and whether it fired on it; returns `true` on the
   * sample where a near miss is confirmed (at most `graceMs` after the `gentle` trigger).
   */
  push(sample: MotionSample, chosenFired: boolean): boolean;
  reset(): void;
}

export function createNearMissWatcher({ sensitivity, graceMs = 1500, cooldownMs = 15_000 }: NearMissOptions): NearMissWatcher {
  const gentle = sensitivity === 'gentle' ? null : createShakeDetector({ sensitivity: 'gentle' });
  let lastChosen = -Infinity; // time the chosen detector last fired
  let pendingSince = Number.NaN; // time of a `gentle` trigger not (yet) matched by the chosen detector
  let lastReport = -Infinity;

  return {
    push(sample, chosenFired) {
      if (!gentle) return false;
      const t = sample.t;
      if (!Number.isFinite(t)) return false;
      if (chosenFired) {
        lastChosen = t;
        pendingSince = Number.NaN;
      }
      if (gentle.push(sample) && !chosenFired && t - lastChosen > graceMs && Number.isNaN(pendingSince)) pendingSince = t;
      if (!Number.isNaN(pendingSince) && t - pendingSince >= graceMs) {
        pendingSince = Number.NaN;
        if (t - lastReport >= cooldownMs) {
          lastReport = t;
          return true;
        }
      }
      return false;
    },
    reset() {
      gentle?.reset();
      lastChosen = -Infinity;
      pendingSince = Number.NaN;
      lastReport = -Infinity;
    },
  };
}
