import { describe, expect, it } from 'vitest';
import { halfCycleStarts } from './latency-bound.ts';
import type { Trace } from './resample.ts';

const G = 9.81;

/** `ms` of samples at `hz` of a phone lying flat, shaken along `axis` as `s(t)` (m/s²). */
function trace(hz: number, ms: number, s: (t: number) => number, axis: readonly [number, number, number] = [1, 0, 0]): Trace {
  const n = Math.floor((ms * hz) / 1000) + 1;
  const tr: Trace = { t: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
  const norm = Math.hypot(...axis);
  for (let i = 0; i < n; i++) {
    const t = (i * 1000) / hz;
    const v = s(t);
    tr.t[i] = t;
    tr.x[i] = (axis[0] / norm) * v;
    tr.y[i] = (axis[1] / norm) * v;
    tr.z[i] = G + (axis[2] / norm) * v;
  }
  return tr;
}

describe('halfCycleStarts (oracle half-cycle segmentation for the latency bound)', () => {
  it.each([30, 60, 100])('cuts a 2 Hz, 1.5 g shake at %i Hz into half-cycles 250 ms apart', (hz) => {
    const starts = halfCycleStarts(trace(hz, 4000, (t) => 15 * Math.sin((2 * Math.PI * 2 * t) / 1000), [1, 1, 0]));
    expect(starts.length).toBeGreaterThanOrEqual(15);
    // 2.5 m/s² of 15 m/s² is passed ~27 ms after each zero crossing (every 250 ms).
    expect(starts[0]).toBeLessThanOrEqual(27 + 1000 / hz);
    // Away from the ends, where the centred mean has a full window.
    const gaps = starts.slice(1).map((t, i) => ({ t, gap: t - starts[i]! })).filter((g) => g.t - g.gap > 500 && g.t < 3500).map((g) => g.gap);
    expect(gaps.length).toBeGreaterThanOrEqual(10);
    for (const g of gaps) expect(Math.abs(g - 250)).toBeLessThanOrEqual(1000 / hz + 1);
  });

  it('does not depend on the axis or its sign', () => {
    const s = (t: number) => 12 * Math.sin((2 * Math.PI * 3 * t) / 1000);
    const a = halfCycleStarts(trace(60, 2000, s, [0, 0, 1]));
    const b = halfCycleStarts(trace(60, 2000, (t) => -s(t), [0.2, -1, 0.3]));
    expect(b).toEqual(a);
  });

  it('sees gravity correctly from the first sample of a clip that starts mid-shake (it is an oracle)', () => {
    // Starts at the positive peak: a causal mean would take the peak for gravity.
    const starts = halfCycleStarts(trace(60, 3000, (t) => 15 * Math.cos((2 * Math.PI * 1.5 * t) / 1000)));
    expect(starts[0]).toBe(0);
    expect(starts[1]).toBeGreaterThan(150);
    expect(starts[1]).toBeLessThan(333);
  });

  it('finds no half-cycle in motion smaller than the hysteresis, nor in a still phone', () => {
    expect(halfCycleStarts(trace(60, 3000, (t) => 2 * Math.sin((2 * Math.PI * 4 * t) / 1000)))).toEqual([]);
    expect(halfCycleStarts(trace(60, 3000, () => 0))).toEqual([]);
    expect(halfCycleStarts(trace(60, 0, () => 0))).toEqual([]);
  });
});
