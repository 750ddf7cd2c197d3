/**
 * Resampling of accelerometer recordings onto a uniform time grid.
 *
 * Browsers deliver `devicemotion` at roughly 60 Hz, whereas the shared recordings were made at 26–405 Hz
 * with jittery or batched timestamps. To score a detector the way it will run in a browser, every
 * recording is put on a uniform grid first:
 *
 * - when the source is denser than the target (e.g. 100 or 405 Hz → 60 Hz) each output sample is the
 *   mean of the source samples inside its slot. A plain "pick the nearest sample" would alias; a
 *   browser's sensor pipeline also low-pass filters before it decimates.
 * - when the source is sparser (e.g. ~30 Hz phone logs → 60 Hz) the output is linearly interpolated,
 *   which invents no energy above the source's own bandwidth.
 *
 * Pure and DOM-free: used by the benchmark and the replay test.
 */

/** A recording as parallel arrays: `t` in ms from the start, acceleration in m/s² including gravity. */
export interface Trace {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

/**
 * Drops samples whose timestamp does not move forward (some loggers repeat a timestamp when they flush
 * a batch); the detector and the interpolation below both need strictly increasing time.
 */
export function monotonic(trace: Trace): Trace {
  const n = trace.t.length;
  const keep: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = trace.t[i]!;
    if (Number.isFinite(t) && t > last) {
      keep.push(i);
      last = t;
    }
  }
  if (keep.length === n) return trace;
  const pick = (src: Float64Array) => Float64Array.from(keep, (i) => src[i]!);
  return { t: pick(trace.t), x: pick(trace.x), y: pick(trace.y), z: pick(trace.z) };
}

/** Mean sample interval in ms (duration / intervals); 0 when there are fewer than two samples. */
export function meanInterval(trace: Trace): number {
  const n = trace.t.length;
  return n < 2 ? 0 : (trace.t[n - 1]! - trace.t[0]!) / (n - 1);
}

/**
 * Resamples `trace` to `hz` on the grid t = t0, t0 + 1000/hz, … (t0 = first source timestamp, so the
 * output starts where the recording starts). See the module comment for the method.
 */
export function resample(input: Trace, hz: number): Trace {
  if (!(hz > 0)) throw new RangeError(`resample: rate must be positive, got ${hz}`);
  const src = monotonic(input);
  const n = src.t.length;
  if (n === 0) return { t: new Float64Array(0), x: new Float64Array(0), y: new Float64Array(0), z: new Float64Array(0) };
  const step = 1000 / hz;
  const t0 = src.t[0]!;
  const count = Math.floor((src.t[n - 1]! - t0) / step + 1e-9) + 1;
  const out: Trace = {
    t: new Float64Array(count),
    x: new Float64Array(count),
    y: new Float64Array(count),
    z: new Float64Array(count),
  };
  const decimate = meanInterval(src) < step * 0.9;
  let j = 0; // first source index not yet left behind (both branches walk forward only)
  for (let k = 0; k < count; k++) {
    const tk = t0 + k * step;
    out.t[k] = tk;
    if (decimate) {
      // Mean over the slot [tk - step/2, tk + step/2).
      const lo = tk - step / 2;
      const hi = tk + step / 2;
      while (j < n && src.t[j]! < lo) j++;
      let sx = 0;
      let sy = 0;
      let sz = 0;
      let c = 0;
      for (let i = j; i < n && src.t[i]! < hi; i++) {
        sx += src.x[i]!;
        sy += src.y[i]!;
        sz += src.z[i]!;
        c++;
      }
      if (c > 0) {
        out.x[k] = sx / c;
        out.y[k] = sy / c;
        out.z[k] = sz / c;
        continue;
      }
      // An empty slot (a gap in the recording): fall through to interpolation.
    }
    while (j + 1 < n && src.t[j + 1]! <= tk) j++;
    let i0 = Math.min(j, n - 1);
    while (i0 > 0 && src.t[i0]! > tk) i0--; // the decimation branch may have moved j past tk

    const i1 = Math.min(i0 + 1, n - 1);
    const ta = src.t[i0]!;
    const tb = src.t[i1]!;
    const w = tb > ta ? Math.min(1, Math.max(0, (tk - ta) / (tb - ta))) : 0;
    out.x[k] = src.x[i0]! + (src.x[i1]! - src.x[i0]!) * w;
    out.y[k] = src.y[i0]! + (src.y[i1]! - src.y[i0]!) * w;
    out.z[k] = src.z[i0]! + (src.z[i1]! - src.z[i0]!) * w;
  }
  return out;
}
