/**
 * How early *any* detector could fire on a recording if it must first see k half-cycles of the
 * back-and-forth — a lower bound used by `npm run bench:shake` to show what the latency target implies.
 *
 * The bound is computed offline with knowledge no streaming detector has (an "oracle"):
 * - gravity = the centred moving mean of the recording over `gravityWindowMs` (it sees the future, so a
 *   clip that starts mid-shake has the right gravity from its first sample);
 * - the shake axis = the principal axis of the whole clip's motion;
 * - a half-cycle starts when the motion along that axis crosses ±`hysteresis` (m/s²) in the direction
 *   opposite to the previous half-cycle (the first one starts at the first crossing either way).
 *
 * A real detector decides on a half-cycle only after it has started and grown to its amplitude
 * threshold, so its first trigger can be no earlier than the start of the k-th half-cycle it needs.
 * Pure and DOM-free.
 */
import type { Trace } from './resample.ts';

export interface HalfCycleOptions {
  /** Width of the centred moving mean that stands in for gravity (ms). */
  gravityWindowMs?: number;
  /** A half-cycle starts when the motion passes this far (m/s²) to the other side. */
  hysteresis?: number;
}

/** Unit principal axis of the 3×3 covariance (power iteration from the largest diagonal axis). */
function principalAxis(c: readonly number[]): [number, number, number] {
  const [xx, yy, zz, xy, xz, yz] = c as [number, number, number, number, number, number];
  let v: [number, number, number] = xx >= yy && xx >= zz ? [1, 0, 0] : yy >= zz ? [0, 1, 0] : [0, 0, 1];
  for (let i = 0; i < 100; i++) {
    const w: [number, number, number] = [xx * v[0] + xy * v[1] + xz * v[2], xy * v[0] + yy * v[1] + yz * v[2], xz * v[0] + yz * v[1] + zz * v[2]];
    const n = Math.hypot(w[0], w[1], w[2]);
    if (!(n > 0)) return v;
    v = [w[0] / n, w[1] / n, w[2] / n];
  }
  return v;
}

/** Start times (ms from the first sample) of the half-cycles in `trace`, by the oracle described above. */
export function halfCycleStarts(trace: Trace, { gravityWindowMs = 1000, hysteresis = 2.5 }: HalfCycleOptions = {}): number[] {
  const n = trace.t.length;
  if (n < 2) return [];
  const axes = [trace.x, trace.y, trace.z];
  // Centred moving mean via prefix sums over time (the grid need not be uniform).
  const prefix = axes.map((a) => {
    const p = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) p[i + 1] = p[i]! + a[i]!;
    return p;
  });
  const half = gravityWindowMs / 2;
  const motion = axes.map(() => new Float64Array(n));
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const t = trace.t[i]!;
    while (trace.t[lo]! < t - half) lo++;
    while (hi < n && trace.t[hi]! <= t + half) hi++;
    for (let k = 0; k < 3; k++) motion[k]![i] = axes[k]![i]! - (prefix[k]![hi]! - prefix[k]![lo]!) / (hi - lo);
  }
  const [mx, my, mz] = motion as [Float64Array, Float64Array, Float64Array];
  const c = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    c[0] += mx[i]! * mx[i]!;
    c[1] += my[i]! * my[i]!;
    c[2] += mz[i]! * mz[i]!;
    c[3] += mx[i]! * my[i]!;
    c[4] += mx[i]! * mz[i]!;
    c[5] += my[i]! * mz[i]!;
  }
  const [vx, vy, vz] = principalAxis(c);
  const starts: number[] = [];
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const p = mx[i]! * vx + my[i]! * vy + mz[i]! * vz;
    if ((sign >= 0 && p < -hysteresis) || (sign <= 0 && p > hysteresis)) {
      sign = p > 0 ? 1 : -1;
      starts.push(trace.t[i]! - trace.t[0]!);
    }
  }
  return starts;
}
