/**
 * "Was that a shake we did not take?" — so the page can help instead of staying silent.
 *
 * A sensitivity can miss a shake the person meant — `firm` misses gentle ~1.5 Hz shakes, `normal` the
 * very gentlest (under ~0.8 g; see docs/benchmarks.md): to the person shaking, nothing happens. This watcher runs the next gentler
 * preset (`GENTLER`: firm → normal, normal → gentle) beside the chosen one. When that one recognises a
 * shake and the chosen detector has not fired for a while (`quietAfterShakeMs`) and does not fire
 * within `graceMs` after it, the watcher reports a near miss once, and then stays quiet for
 * `cooldownMs`. The page turns that into a hint ("shake a little faster, or switch to <gentler>") —
 * never into a request, so the hint costs nothing when the gentler preset's extra triggers (a brisk
 * wave, rarely a walk) are not shakes.
 *
 * The presets are monotonic (every gentler threshold is at most the firmer one's), so a shake the chosen
 * detector takes is usually seen by the gentler one at the same moment or a little before; but each has
 * its own reversal count and refractory period, so they drift apart over a long shake — hence no report
 * for `quietAfterShakeMs` after the chosen detector fired, and none before `graceMs` has passed. With
 * `gentle` chosen there is nothing gentler, and the watcher never reports.
 *
 * Pure and DOM-free; no allocation per sample.
 */
import { createShakeDetector, type MotionSample, type ShakeSensitivity } from './detector.ts';

/** The preset one step more sensitive than each, if any. */
export const GENTLER: Readonly<Record<ShakeSensitivity, ShakeSensitivity | null>> = Object.freeze({ firm: 'normal', normal: 'gentle', gentle: null });

export interface NearMissOptions {
  /** The sensitivity the user picked (what the page acts on). */
  sensitivity: ShakeSensitivity;
  /** How long the chosen detector has, after a trigger of the gentler one, to fire too (ms). */
  graceMs?: number;
  /** No report for this long after the chosen detector fired (ms): the shake did count. */
  quietAfterShakeMs?: number;
  /** After a near miss, no other for this long (ms). */
  cooldownMs?: number;
}

export interface NearMissWatcher {
  /**
   * Feeds the sample the chosen detector just saw and whether it fired on it; returns `true` on the
   * sample where a near miss is confirmed (`graceMs` after the gentler detector's trigger).
   */
  push(sample: MotionSample, chosenFired: boolean): boolean;
  reset(): void;
}

export function createNearMissWatcher({ sensitivity, graceMs = 1500, quietAfterShakeMs = 10_000, cooldownMs = 15_000 }: NearMissOptions): NearMissWatcher {
  const gentlerLevel = GENTLER[sensitivity];
  const gentler = gentlerLevel ? createShakeDetector({ sensitivity: gentlerLevel }) : null;
  let lastChosen = -Infinity; // time the chosen detector last fired
  let pendingSince = Number.NaN; // time of a gentler trigger not (yet) matched by the chosen detector
  let lastReport = -Infinity;

  return {
    push(sample, chosenFired) {
      if (!gentler) return false;
      const t = sample.t;
      if (!Number.isFinite(t)) return false;
      if (chosenFired) {
        lastChosen = t;
        pendingSince = Number.NaN;
      }
      if (gentler.push(sample) && !chosenFired && t - lastChosen > quietAfterShakeMs && Number.isNaN(pendingSince)) pendingSince = t;
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
      gentler?.reset();
      lastChosen = -Infinity;
      pendingSince = Number.NaN;
      lastReport = -Infinity;
    },
  };
}
