/**
 * DOM-free shake detector (patent claims 6–8: the page reads the three-axis acceleration, computes its
 * change rate over a sliding time window and fires when that crosses a threshold).
 *
 * A deliberate shake is a strong, fast back-and-forth along roughly one line, repeated. Everything that
 * is *not* a shake but moves the phone hard — walking, running, stairs, a bump, a tilt, a free fall, a
 * single arm gesture — fails at least one of the physical checks below, which is why the detector is
 * more than a threshold on the raw acceleration (seismic-style thresholds fire thousands of times per
 * hour of running; see docs/benchmarks.md):
 *
 * 1. **Gravity removal.** `devicemotion.accelerationIncludingGravity` contains 1 g. A slow exponential
 *    average (time constant `gravityTauMs`) tracks gravity; the residual `d = a − g` is the motion.
 *    While the detector warms up the average is the plain mean of what it has seen, so a recording that
 *    starts mid-shake is usable at once instead of after a second.
 * 2. **Shake axis, sign-free.** The covariance of `d` over the last ~`axisTauMs` gives the dominant
 *    direction of motion (two power-iteration steps per sample, no allocation, so the axis settles within
 *    a few samples of a shake's onset); `d` is projected on it. Axis conventions differ between devices
 *    and browsers, so nothing depends on which axis is which or on its sign.
 * 3. **Half-cycles.** The projection is cut into half-cycles ("lobes") with hysteresis: a lobe ends when
 *    the motion reverses past `max(hysteresis, 0.5·rms)` in the other direction. Each lobe keeps its
 *    peak, the time of the peak, and the linearity there (share of the motion energy on the dominant
 *    axis; a hand shake moves along a line, walking and running bounce *and* sway, and along the vertical
 *    — within `verticalDeg` of gravity, where steps bounce — the stricter `minLinearityVertical` applies).
 * 4. **Reversals.** Two consecutive lobes make a reversal (a back-and-forth). Any move of the phone from
 *    rest to rest is one reversal; a there-and-back gesture, or one cycle of a shake, is two. So one
 *    cycle alone says little; three ways to call it a shake, each with its own checks on the peaks
 *    (amplitude, evenness = smaller / larger), their spacing (frequency band) and the change rate
 *    (peak₁ + peak₂) / Δt — the patent's "change rate of the acceleration over the window":
 *    - **fast**: `fastReversals` (2) reversals, i.e. inside the third half-cycle, when every lobe is
 *      clearly vigorous (≥ `fastAmplitude`, ≥ `fastJerk`, ≤ `fastMaxHalfMs` apart, `fastLinearity`);
 *    - **steady**: `steadyReversals` (2) reversals of a gentler motion (the sustained checks below) whose
 *      peaks are all even (≥ `steadySymmetry`): an oscillation. Arm gestures are not: a reach is quick
 *      out and slower back, a punch stops hard, so their third half-cycle is much weaker than the second;
 *    - **sustained**: `sustainedReversals` (3) reversals of a gentler motion (≥ `minAmplitude`, a lobe
 *      pair at least `symmetry` even, `minHalfMs`–`maxHalfMs` apart, ≥ `minJerk`, `minLinearity`),
 *      uneven peaks allowed — a gentle ~1.5 Hz shake is recognised after about a second.
 *    The decision is taken on the half-cycle in progress as soon as its peak qualifies.
 * 5. **Refractory period.** After firing, nothing for `refractoryMs`, and the evidence starts from zero.
 *
 * Everything is expressed in milliseconds and m/s², never in samples, so the same options work at
 * 30, 60 or 100 Hz and with jittery timestamps. The per-sample cost is a few dozen floating-point
 * operations and no allocation (closure variables only).
 *
 * Known limits (measured on the shared recordings, docs/benchmarks.md): waving the phone is shaking it
 * (issue 16), so a brisk wave fires; a there-and-back gesture as even as a shake cycle is a shake cycle
 * and fires through the steady path; a perfectly periodic run can fire about once a minute (the budget
 * on running is 60 per hour).
 */

import { SHAKE_PRESETS, type ShakeDetectorOptions, type ShakeSensitivity } from './presets.ts';

export { SHAKE_PRESETS, type ShakeDetectorOptions, type ShakeSensitivity };

/** One accelerometer reading: `t` in ms (monotonic), acceleration in m/s² including gravity. */
export interface MotionSample {
  t: number;
  x: number;
  y: number;
  z: number;
}

export interface ShakeDetector {
  /** Feeds one sample; returns `true` on the sample where a shake is recognised. Never throws. */
  push(sample: MotionSample): boolean;
  /** Forgets everything (gravity, axis, evidence, refractory period). */
  reset(): void;
  /** The resolved options (preset merged with overrides). */
  readonly options: Readonly<ShakeDetectorOptions>;
}

export type CreateShakeDetectorOptions = Partial<ShakeDetectorOptions> & { sensitivity?: ShakeSensitivity };

export function createShakeDetector(options: CreateShakeDetectorOptions = {}): ShakeDetector {
  const { sensitivity = 'normal', ...overrides } = options;
  const preset = SHAKE_PRESETS[sensitivity];
  if (!preset) throw new RangeError(`createShakeDetector: unknown sensitivity ${String(sensitivity)}`);
  const o: ShakeDetectorOptions = { ...preset };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (o as unknown as Record<string, number>)[k] = v as number;
  const cosV2 = Math.cos((o.verticalDeg * Math.PI) / 180) ** 2;
  const minPeak = Math.min(o.minAmplitude, o.fastAmplitude); // no path can fire below this

  // --- state (plain numbers: no allocation per sample) ---
  let started = false;
  let t0 = 0; // first sample of the current run (for the warm-up)
  let lastT = 0;
  let gx = 0, gy = 0, gz = 0; // gravity estimate
  let cxx = 0, cyy = 0, czz = 0, cxy = 0, cxz = 0, cyz = 0; // motion covariance
  let vx = 0, vy = 0, vz = 0; // dominant axis (unit; set in restart())
  // current half-cycle: its peak, when, and the linearity (share of energy on the axis) and verticality there
  let lobeSign = 0; // +1 / −1 along the axis, 0 = none yet
  let lobePeak = 0;
  let lobePeakT = 0;
  let lobeLin = 0;
  let lobeVertical = false;
  // previous finished half-cycle (none until hasPrev)
  let hasPrev = false;
  let prevPeak = 0;
  let prevPeakT = 0;
  let prevLin = 0;
  let prevVertical = false;
  // consecutive reversals that passed each path's checks
  let sustainedRun = 0;
  let steadyRun = 0;
  let fastRun = 0;
  let lastFire = -Infinity;

  function restart(s: MotionSample): void {
    started = true;
    t0 = lastT = s.t;
    gx = s.x;
    gy = s.y;
    gz = s.z;
    cxx = cyy = czz = cxy = cxz = cyz = 0;
    vx = vy = vz = 1 / Math.sqrt(3); // no axis favoured
    lobeSign = 0;
    hasPrev = false;
    sustainedRun = 0;
    steadyRun = 0;
    fastRun = 0;
  }

  const isLinear = (lin: number, vertical: boolean, need: number) => lin >= (vertical ? Math.max(need, o.minLinearityVertical) : need);

  /** Does the reversal previous half-cycle → (peak, peakT, lin, vertical) pass the gentler checks (sustained and steady paths)? */
  function sustainedOk(peak: number, peakT: number, lin: number, vertical: boolean): boolean {
    const dt = peakT - prevPeakT;
    return (
      dt >= o.minHalfMs &&
      dt <= o.maxHalfMs &&
      Math.min(peak, prevPeak) >= o.minAmplitude &&
      Math.min(peak, prevPeak) >= o.symmetry * Math.max(peak, prevPeak) &&
      ((peak + prevPeak) * 1000) / dt >= o.minJerk &&
      isLinear(lin, vertical, o.minLinearity) &&
      isLinear(prevLin, prevVertical, o.minLinearity)
    );
  }

  /** Steady path: are the two peaks even (an oscillation, not a move and a stop)? */
  const isEven = (peak: number) => Math.min(peak, prevPeak) >= o.steadySymmetry * Math.max(peak, prevPeak);

  /** The same for the fast path's stricter checks. */
  function fastOk(peak: number, peakT: number, lin: number, vertical: boolean): boolean {
    const dt = peakT - prevPeakT;
    return (
      dt >= o.minHalfMs &&
      dt <= o.fastMaxHalfMs &&
      Math.min(peak, prevPeak) >= o.fastAmplitude &&
      Math.min(peak, prevPeak) >= o.fastSymmetry * Math.max(peak, prevPeak) &&
      ((peak + prevPeak) * 1000) / dt >= o.fastJerk &&
      isLinear(lin, vertical, o.fastLinearity) &&
      isLinear(prevLin, prevVertical, o.fastLinearity)
    );
  }

  function push(s: MotionSample): boolean {
    const { t, x, y, z } = s;
    if (!(Number.isFinite(t) && Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) return false;
    if (!started) {
      restart(s);
      return false;
    }
    const dt = t - lastT;
    if (!(dt > 0)) return false; // duplicate or out-of-order timestamp
    if (dt > o.maxGapMs) {
      restart(s);
      return false;
    }
    lastT = t;

    // 1. gravity (bias-corrected exponential average: the plain mean until τ has elapsed)
    const age = t - t0;
    const kg = dt / (Math.min(o.gravityTauMs, age) + dt);
    gx += kg * (x - gx);
    gy += kg * (y - gy);
    gz += kg * (z - gz);
    const dx = x - gx;
    const dy = y - gy;
    const dz = z - gz;

    // 2. covariance of the motion and its dominant axis (one power-iteration step per sample)
    const kc = dt / (Math.min(o.axisTauMs, age) + dt);
    cxx += kc * (dx * dx - cxx);
    cyy += kc * (dy * dy - cyy);
    czz += kc * (dz * dz - czz);
    cxy += kc * (dx * dy - cxy);
    cxz += kc * (dx * dz - cxz);
    cyz += kc * (dy * dz - cyz);
    // Two power-iteration steps per sample: the axis settles within a few samples of a shake's onset.
    let wx = cxx * vx + cxy * vy + cxz * vz;
    let wy = cxy * vx + cyy * vy + cyz * vz;
    let wz = cxz * vx + cyz * vy + czz * vz;
    const w0 = Math.sqrt(wx * wx + wy * wy + wz * wz);
    if (w0 > 0) {
      vx = wx / w0;
      vy = wy / w0;
      vz = wz / w0;
      wx = cxx * vx + cxy * vy + cxz * vz;
      wy = cxy * vx + cyy * vy + cyz * vz;
      wz = cxz * vx + cyz * vy + czz * vz;
    }
    const lambda = wx * vx + wy * vy + wz * vz; // Rayleigh quotient ≈ variance along the axis
    const wn = Math.sqrt(wx * wx + wy * wy + wz * wz);
    const energy = cxx + cyy + czz;
    if (wn > 1e-3 * energy) {
      // C is positive semi-definite, so C·v never points away from v: the axis keeps its sign.
      vx = wx / wn;
      vy = wy / wn;
      vz = wz / wn;
    } else {
      // v is (nearly) orthogonal to all the motion, e.g. the motion is along an axis v started
      // perpendicular to: power iteration cannot leave that subspace, so restart from the motion itself.
      const dn = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (dn > 1e-9) {
        vx = dx / dn;
        vy = dy / dn;
        vz = dz / dn;
      }
    }
    // Is the shake axis within verticalDeg of gravity? (Undecidable without gravity, e.g. when the
    // browser only provides `acceleration`: then it counts as not vertical.)
    const along = vx * gx + vy * gy + vz * gz;
    const gg = gx * gx + gy * gy + gz * gz;
    const vertical = gg > 4 && along * along >= cosV2 * gg;
    const lin = energy > 0 ? lambda / energy : 0;
    const p = dx * vx + dy * vy + dz * vz;

    // 3. half-cycles with hysteresis
    const h = Math.max(o.hysteresis, 0.5 * Math.sqrt(lambda > 0 ? lambda : 0));
    if ((lobeSign >= 0 && p < -h) || (lobeSign <= 0 && p > h)) {
      if (lobeSign !== 0) {
        // The current half-cycle is over: does it extend each path's run of back-and-forths?
        if (hasPrev) {
          const ok = sustainedOk(lobePeak, lobePeakT, lobeLin, lobeVertical);
          sustainedRun = ok ? sustainedRun + 1 : 0;
          steadyRun = ok && isEven(lobePeak) ? steadyRun + 1 : 0;
          fastRun = fastOk(lobePeak, lobePeakT, lobeLin, lobeVertical) ? fastRun + 1 : 0;
        }
        hasPrev = true;
        prevPeak = lobePeak;
        prevPeakT = lobePeakT;
        prevLin = lobeLin;
        prevVertical = lobeVertical;
      }
      lobeSign = p > 0 ? 1 : -1;
      lobePeak = lobeSign * p;
      lobePeakT = t;
      lobeLin = lin;
      lobeVertical = vertical;
    } else if (lobeSign !== 0 && lobeSign * p > lobePeak) {
      lobePeak = lobeSign * p;
      lobePeakT = t;
      lobeLin = lin;
      lobeVertical = vertical;
    }

    // 4. Decide on the half-cycle in progress as soon as its peak qualifies (no need to wait for
    // the next reversal: that would add a quarter period of latency).
    if (lobeSign === 0 || !hasPrev || lobePeak < minPeak || t - lastFire < o.refractoryMs) return false;
    const sOk = sustainedOk(lobePeak, lobePeakT, lobeLin, lobeVertical);
    const fire =
      (sOk && (sustainedRun + 1 >= o.sustainedReversals || (steadyRun + 1 >= o.steadyReversals && isEven(lobePeak)))) ||
      (fastRun + 1 >= o.fastReversals && fastOk(lobePeak, lobePeakT, lobeLin, lobeVertical));
    if (!fire) return false;
    // 5. refractory period; the evidence starts from zero
    lastFire = t;
    sustainedRun = 0;
    steadyRun = 0;
    fastRun = 0;
    hasPrev = false;
    lobeSign = 0;
    return true;
  }

  return {
    push,
    reset() {
      started = false;
      lastFire = -Infinity;
    },
    options: Object.freeze({ ...o }),
  };
}
