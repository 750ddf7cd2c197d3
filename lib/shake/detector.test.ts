import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createShakeDetector, SHAKE_PRESETS, type CreateShakeDetectorOptions, type ShakeSensitivity } from './detector.ts';

const G = 9.81;
type Signal = (tMs: number) => readonly [number, number, number];

/** Samples `signal` at `hz` for `ms` and returns the trigger times (ms). */
function run(signal: Signal, hz: number, ms: number, options: CreateShakeDetectorOptions = {}): number[] {
  const detector = createShakeDetector(options);
  const fired: number[] = [];
  for (let i = 0; (i * 1000) / hz <= ms; i++) {
    const t = (i * 1000) / hz;
    const [x, y, z] = signal(t);
    if (detector.push({ t, x, y, z })) fired.push(t);
  }
  return fired;
}

const unit = (v: readonly [number, number, number]) => {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n] as const;
};

/** Phone lying flat (gravity on z) shaken sinusoidally along `axis` from `startMs` on. */
function shake(freqHz: number, amplitude: number, axis: readonly [number, number, number] = [1, 0, 0], startMs = 0, stopMs = Infinity): Signal {
  const u = unit(axis);
  return (t) => {
    const s = t < startMs || t > stopMs ? 0 : amplitude * Math.sin((2 * Math.PI * freqHz * (t - startMs)) / 1000);
    return [u[0] * s, u[1] * s, G + u[2] * s];
  };
}

const gauss = (t: number, centre: number, width: number) => Math.exp(-0.5 * ((t - centre) / width) ** 2);

/** Phone in a trouser pocket at 2 steps/s: vertical bounce + heel strikes, forward surge, 1 Hz sway. */
const walking: Signal = (t) => {
  const s = t / 1000;
  let strikes = 0;
  for (let k = Math.floor(s * 2) - 1; k <= Math.floor(s * 2) + 1; k++) strikes += gauss(t, k * 500 + 100, 30);
  return [2 * Math.sin(2 * Math.PI * s), 2.5 * Math.sin(2 * Math.PI * 2 * s + 1), G + 3 * Math.sin(2 * Math.PI * 2 * s) + 14 * strikes];
};

/** A knock on the table: one sharp pulse with a little rebound. */
const bump: Signal = (t) => [25 * gauss(t, 1000, 40) - 8 * gauss(t, 1120, 50) + 3 * gauss(t, 1250, 60), 0, G];

/** Tilting the phone 90° over a second, holding, and tilting back. */
const tilt: Signal = (t) => {
  const f = t < 1000 ? 0 : t < 2000 ? (t - 1000) / 1000 : t < 3000 ? 1 : t < 4000 ? (4000 - t) / 1000 : 0;
  const a = (Math.PI / 2) * f;
  return [G * Math.sin(a), 0, G * Math.cos(a)];
};

/** Dropped: ~0 g for 450 ms (≈ 1 m), then the impact. */
const freeFall: Signal = (t) => (t > 1000 && t < 1450 ? [0.2, 0.1, 0.3] : [0, 0, G + 40 * gauss(t, 1480, 15) - 15 * gauss(t, 1540, 25)]);

/** Running with the phone in the hand: 2.8 steps/s, vertical bounce ±1.5 g with foot strikes, forward surge ±1 g, sway ±0.7 g at the stride rate. */
const running: Signal = (t) => {
  const s = t / 1000;
  let strikes = 0;
  for (let k = Math.floor(s * 2.8) - 1; k <= Math.floor(s * 2.8) + 1; k++) strikes += gauss(t, (k * 1000) / 2.8 + 60, 25);
  return [7 * Math.sin(2 * Math.PI * 1.4 * s), 10 * Math.sin(2 * Math.PI * 2.8 * s + 1.2), G + 15 * Math.sin(2 * Math.PI * 2.8 * s) + 20 * strikes];
};

/** Acceleration of a minimum-jerk move of `distance` metres taking `ms`, started at `startMs` (0 outside it). */
const minJerkMove = (t: number, startMs: number, ms: number, distance: number) => {
  if (t < startMs || t > startMs + ms) return 0;
  const u = (t - startMs) / ms;
  const tau = ms / 1000;
  return (distance / (tau * tau)) * (60 * u - 180 * u * u + 120 * u * u * u);
};

/**
 * One there-and-back thrust of the hand holding the phone, after 1 s of rest: out 35 cm in 0.25 s
 * (peak ~3.8 g), straight back in 0.5 s (~0.9 g) — a reach is quick out and slower back.
 */
const thrust: Signal = (t) => {
  const a = minJerkMove(t, 1000, 250, 0.35) + minJerkMove(t, 1250, 500, -0.35);
  return [a * 0.8, a * 0.6, G];
};

/** A punch: out 50 cm in 0.18 s (~9 g), a hard stop, 0.15 s held, back in 0.45 s. */
const punch: Signal = (t) => {
  const a = minJerkMove(t, 1000, 180, 0.5) + minJerkMove(t, 1330, 450, -0.5);
  return [a, 0, G + 0.2 * a];
};

const RATES = [30, 60, 100] as const;

describe('createShakeDetector — synthetic signals', () => {
  it.each(RATES)('fires on a 4 Hz, 2 g sinusoidal shake at %i Hz, within 0.6 s', (hz) => {
    const fired = run(shake(4, 20), hz, 3000);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired[0]).toBeLessThanOrEqual(600);
  });

  it.each(RATES)('fires on a 4 Hz shake along any axis — diagonal, vertical — at %i Hz', (hz) => {
    expect(run(shake(4, 20, [0.6, 0.48, 0.64]), hz, 2000).length).toBeGreaterThan(0);
    expect(run(shake(4, 20, [0, 0, 1]), hz, 2000).length).toBeGreaterThan(0);
    expect(run(shake(4, 20, [0, -1, 0]), hz, 2000).length).toBeGreaterThan(0);
  });

  it.each(RATES)('fires on a shake that starts after the phone lay still, at %i Hz', (hz) => {
    const fired = run(shake(5, 18, [1, 1, 0], 2000), hz, 4000);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired[0]).toBeGreaterThan(2000);
    expect(fired[0]! - 2000).toBeLessThanOrEqual(600);
  });

  it.each(RATES)('fires within 0.5 s of the onset of a 4 Hz, ±2 g shake after 1 s of rest, at %i Hz', (hz) => {
    const fired = run(shake(4, 2 * G, [0.3, 1, 0.2], 1000), hz, 3000);
    expect(fired[0]).toBeGreaterThan(1000);
    expect(fired[0]! - 1000).toBeLessThanOrEqual(500);
  });

  it.each(RATES)('fires on a 2.5 Hz wave of the hand, ±2 g (waving the phone is shaking it), at %i Hz', (hz) => {
    expect(run(shake(2.5, 2 * G, [1, 0, 0.4], 1000), hz, 4000).length).toBeGreaterThan(0);
  });

  it.each(RATES)('does not fire on a single there-and-back thrust at %i Hz', (hz) => {
    expect(run(thrust, hz, 4000)).toEqual([]);
  });

  it.each(RATES)('does not fire on a punch at %i Hz', (hz) => {
    expect(run(punch, hz, 4000)).toEqual([]);
  });

  it.each(RATES)('does not fire on a 2 Hz walking pattern (60 s) at %i Hz', (hz) => {
    expect(run(walking, hz, 60_000)).toEqual([]);
  });

  // A perfectly periodic run is the hardest case for the steady path (its bounce is an even vertical
  // oscillation); the budget on running is ≤ 60 false triggers per hour.
  it.each(RATES)('fires at most once a minute on a running pattern (2.8 steps/s, ±1.5 g vertical bounce, surge, sway, foot strikes) at %i Hz', (hz) => {
    expect(run(running, hz, 60_000).length).toBeLessThanOrEqual(1);
  });

  it.each(RATES)('does not fire on a single bump at %i Hz', (hz) => {
    expect(run(bump, hz, 3000)).toEqual([]);
  });

  it.each(RATES)('does not fire on a slow tilt at %i Hz', (hz) => {
    expect(run(tilt, hz, 5000)).toEqual([]);
  });

  it.each(RATES)('does not fire on a free fall and impact at %i Hz', (hz) => {
    expect(run(freeFall, hz, 3000)).toEqual([]);
  });

  it.each(RATES)('does not fire on a single back-and-forth (one cycle) at %i Hz', (hz) => {
    expect(run(shake(3, 25, [1, 0, 0], 500, 500 + 1000 / 3), hz, 3000)).toEqual([]);
  });

  it.each(RATES)('does not fire on a slow 1 Hz wave of the hand, 1.5 g, at %i Hz', (hz) => {
    expect(run(shake(1, 15, [1, 0, 0.3]), hz, 10_000)).toEqual([]);
  });

  it.each(RATES)('honours the refractory period at %i Hz', (hz) => {
    const fired = run(shake(4, 20), hz, 6000);
    expect(fired.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < fired.length; i++) expect(fired[i]! - fired[i - 1]!).toBeGreaterThanOrEqual(SHAKE_PRESETS.normal.refractoryMs);
    const slower = run(shake(4, 20), hz, 6000, { refractoryMs: 2500 });
    expect(slower.length).toBeLessThan(fired.length);
    for (let i = 1; i < slower.length; i++) expect(slower[i]! - slower[i - 1]!).toBeGreaterThanOrEqual(2500);
  });

  it('gives the same first trigger at 30, 60 and 100 Hz (time-based, not sample-based)', () => {
    for (const [f, a] of [
      [2.5, 15],
      [3, 15],
      [4, 20],
    ] as const) {
      const firsts = RATES.map((hz) => run(shake(f, a), hz, 3000)[0]);
      for (const t of firsts) expect(t).toBeDefined();
      // within one sample period of the slowest rate
      expect(Math.max(...(firsts as number[])) - Math.min(...(firsts as number[]))).toBeLessThanOrEqual(1000 / 30 + 1);
    }
    // Faster shakes have only 5–6 samples per cycle at 30 Hz, so peaks land a sample apart; still quick.
    for (const hz of RATES) expect(run(shake(6, 25), hz, 3000)[0]).toBeLessThanOrEqual(450);
  });

  it('copes with jittery, duplicated and non-finite samples', () => {
    const detector = createShakeDetector();
    const signal = shake(4, 20);
    let t = 0;
    let fired = 0;
    let rng = 1;
    const rand = () => ((rng = (rng * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 200; i++) {
      t += 10 + rand() * 15; // 40–100 Hz with jitter
      const [x, y, z] = signal(t);
      if (detector.push({ t, x, y, z })) fired++;
      if (i % 17 === 0) expect(detector.push({ t, x, y, z })).toBe(false); // duplicate timestamp
      if (i % 23 === 0) expect(detector.push({ t: t + 1, x: Number.NaN, y, z })).toBe(false);
    }
    expect(fired).toBeGreaterThan(0);
  });

  it('restarts after a gap (page hidden) instead of joining two unrelated stretches', () => {
    const detector = createShakeDetector();
    const signal = shake(4, 20);
    // 1.5 half-cycles, a 5 s gap, 1.5 half-cycles: never three reversals in one stretch.
    const feed = (from: number, to: number, offset: number) => {
      let n = 0;
      for (let t = from; t <= to; t += 1000 / 60) {
        const [x, y, z] = signal(t);
        if (detector.push({ t: t + offset, x, y, z })) n++;
      }
      return n;
    };
    expect(feed(0, 200, 0) + feed(0, 200, 5000)).toBe(0);
  });

  it('reset() forgets the refractory period', () => {
    const detector = createShakeDetector();
    const signal = shake(4, 20);
    const feed = (ms: number) => {
      const out: number[] = [];
      for (let t = 0; t <= ms; t += 1000 / 60) {
        const [x, y, z] = signal(t);
        if (detector.push({ t, x, y, z })) out.push(t);
      }
      return out;
    };
    expect(feed(700).length).toBe(1);
    detector.reset();
    expect(feed(700).length).toBe(1);
  });

  it('rejects an unknown sensitivity and exposes the resolved options', () => {
    expect(() => createShakeDetector({ sensitivity: 'wild' as ShakeSensitivity })).toThrow(RangeError);
    const d = createShakeDetector({ sensitivity: 'firm', refractoryMs: 1234 });
    expect(d.options.refractoryMs).toBe(1234);
    expect(d.options.minAmplitude).toBe(SHAKE_PRESETS.firm.minAmplitude);
  });
});

describe('sensitivity presets', () => {
  const order: ShakeSensitivity[] = ['gentle', 'normal', 'firm'];

  it('are ordered: every threshold is at least as strict from gentle to normal to firm', () => {
    const stricterIsHigher = [
      'minAmplitude',
      'symmetry',
      'minJerk',
      'minLinearity',
      'minLinearityVertical',
      'sustainedReversals',
      'steadyReversals',
      'steadySymmetry',
      'fastReversals',
      'fastAmplitude',
      'fastJerk',
      'fastSymmetry',
      'fastLinearity',
    ] as const;
    const stricterIsLower = ['maxHalfMs', 'fastMaxHalfMs'] as const;
    for (let i = 1; i < order.length; i++) {
      const a = SHAKE_PRESETS[order[i - 1]!];
      const b = SHAKE_PRESETS[order[i]!];
      for (const k of stricterIsHigher) expect(b[k], `${order[i]}.${k}`).toBeGreaterThanOrEqual(a[k]);
      for (const k of stricterIsLower) expect(b[k], `${order[i]}.${k}`).toBeLessThanOrEqual(a[k]);
    }
  });

  it('need more amplitude and a faster shake the firmer they are', () => {
    const amplitudes = Array.from({ length: 30 }, (_, i) => 3 + i); // m/s²
    const freqs = [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 5];
    const minAmplitude = (s: ShakeSensitivity) => amplitudes.find((a) => run(shake(3, a), 60, 3000, { sensitivity: s }).length > 0) ?? Infinity;
    const minFreq = (s: ShakeSensitivity) => freqs.find((f) => run(shake(f, 18), 60, 4000, { sensitivity: s }).length > 0) ?? Infinity;
    const amps = order.map(minAmplitude);
    const fs = order.map(minFreq);
    expect(amps[0]).toBeLessThan(amps[2]!);
    expect(amps[0]).toBeLessThanOrEqual(amps[1]!);
    expect(amps[1]).toBeLessThanOrEqual(amps[2]!);
    expect(fs[0]).toBeLessThanOrEqual(fs[1]!);
    expect(fs[1]).toBeLessThanOrEqual(fs[2]!);
    // and every preset still recognises a clear, vigorous shake
    for (const s of order) expect(run(shake(4, 25), 60, 2000, { sensitivity: s }).length, s).toBeGreaterThan(0);
  });
});

describe('properties', () => {
  it('never fires on a phone lying still with sensor noise, in any orientation, at any rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer({ min: 20, max: 120 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (theta, phi, noise, hz, seed) => {
          let s = seed;
          const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 2 * noise;
          const g = [G * Math.sin(theta) * Math.cos(phi), G * Math.sin(theta) * Math.sin(phi), G * Math.cos(theta)] as const;
          const fired = run((): [number, number, number] => [g[0] + rand(), g[1] + rand(), g[2] + rand()], hz, 5000);
          return fired.length === 0;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('recognises a vigorous shake whatever the phone orientation and shake axis (sign- and axis-free)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
        fc.double({ min: 0, max: Math.PI, noNaN: true }),
        fc.double({ min: 3, max: 6, noNaN: true }),
        fc.constantFrom(30, 60, 100),
        (axis, theta, freq, hz) => {
          fc.pre(Math.hypot(...axis) > 0.2);
          const u = unit(axis);
          const g = [G * Math.sin(theta), 0, G * Math.cos(theta)];
          const signal: Signal = (t) => {
            const a = 22 * Math.sin((2 * Math.PI * freq * t) / 1000);
            return [g[0]! + u[0] * a, g[1]! + u[1] * a, g[2]! + u[2] * a];
          };
          const fired = run(signal, hz, 2000);
          return fired.length > 0 && fired[0]! <= 800;
        },
      ),
      { numRuns: 80 },
    );
  });
});
