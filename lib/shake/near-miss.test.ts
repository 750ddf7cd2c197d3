import { describe, expect, it } from 'vitest';
import { createShakeDetector, type ShakeSensitivity } from './detector.ts';
import { createNearMissWatcher, type NearMissOptions } from './near-miss.ts';

const G = 9.81;

/** Phone lying flat, shaken along x at `hz` Hz with `amplitude` m/s² between `fromMs` and `toMs`. */
const shake = (freq: number, amplitude: number, fromMs: number, toMs: number) => (t: number) =>
  t >= fromMs && t <= toMs ? amplitude * Math.sin((2 * Math.PI * freq * (t - fromMs)) / 1000) : 0;

/** Replays `signal` at `rate` Hz through the chosen detector and the watcher, like the browser listener does. */
function replay(signal: (t: number) => number, ms: number, options: NearMissOptions, rate = 60) {
  const chosen = createShakeDetector({ sensitivity: options.sensitivity });
  const watcher = createNearMissWatcher(options);
  const shakes: number[] = [];
  const nearMisses: number[] = [];
  for (let i = 0; (i * 1000) / rate <= ms; i++) {
    const t = (i * 1000) / rate;
    const sample = { t, x: signal(t), y: 0, z: G };
    const fired = chosen.push(sample);
    if (fired) shakes.push(t);
    if (watcher.push(sample, fired)) nearMisses.push(t);
  }
  return { shakes, nearMisses };
}

// 3 Hz at 0.75 g: fast enough, but below `normal`'s amplitude (8 m/s²) and above `gentle`'s (6 m/s²).
const softShake = shake(3, 7.5, 500, 3500);
// 4 Hz at 2 g: every preset takes it.
const firmShake = shake(4, 20, 500, 3500);

describe('createNearMissWatcher', () => {
  it('reports once when gentle shaking is not taken by normal, about graceMs after gentle saw it', () => {
    const { shakes, nearMisses } = replay(softShake, 6000, { sensitivity: 'normal', graceMs: 1500 });
    expect(shakes).toEqual([]);
    expect(nearMisses).toHaveLength(1);
    expect(nearMisses[0]).toBeGreaterThan(500 + 1500);
    expect(nearMisses[0]).toBeLessThan(3500 + 1500);
  });

  it('with firm chosen, watches normal: a shake normal takes but firm does not is a near miss', () => {
    // 3 Hz at 1 g: above normal's amplitude (9 m/s²), below firm's (11 m/s²).
    const moderate = shake(3, 10, 500, 3500);
    expect(replay(moderate, 6000, { sensitivity: 'normal' }).shakes.length).toBeGreaterThan(0);
    const { shakes, nearMisses } = replay(moderate, 6000, { sensitivity: 'firm' });
    expect(shakes).toEqual([]);
    expect(nearMisses).toHaveLength(1);
    // …and what only gentle takes is not offered to a firm user: one step at a time.
    expect(replay(softShake, 6000, { sensitivity: 'firm' }).nearMisses).toEqual([]);
  });

  it('stays quiet when a shake that counted trails off into a softer one', () => {
    const trailing = (t: number) => (t < 2500 ? firmShake(t) : shake(3, 7.5, 2500, 5500)(t));
    const { shakes, nearMisses } = replay(trailing, 8000, { sensitivity: 'normal' });
    expect(shakes.length).toBeGreaterThan(0);
    expect(nearMisses).toEqual([]);
  });

  it('stays quiet when the chosen sensitivity took the shake', () => {
    for (const sensitivity of ['normal', 'firm'] as ShakeSensitivity[]) {
      const { shakes, nearMisses } = replay(firmShake, 6000, { sensitivity });
      expect(shakes.length, sensitivity).toBeGreaterThan(0);
      expect(nearMisses, sensitivity).toEqual([]);
    }
  });

  it('never reports with gentle chosen: there is nothing gentler to suggest', () => {
    const { shakes, nearMisses } = replay(softShake, 6000, { sensitivity: 'gentle' });
    expect(shakes.length).toBeGreaterThan(0);
    expect(nearMisses).toEqual([]);
  });

  it('stays quiet for a still phone', () => {
    expect(replay(() => 0, 10_000, { sensitivity: 'normal' }).nearMisses).toEqual([]);
  });

  it('honours the cooldown between two reports, and reports again after it', () => {
    // Two gentle shakes 5 s apart: the second falls inside a 20 s cooldown, outside a 3 s one.
    const twice = (t: number) => softShake(t) + shake(3, 7.5, 8500, 11_500)(t);
    expect(replay(twice, 15_000, { sensitivity: 'normal', cooldownMs: 20_000 }).nearMisses).toHaveLength(1);
    expect(replay(twice, 15_000, { sensitivity: 'normal', cooldownMs: 3000 }).nearMisses).toHaveLength(2);
  });

  it.each([30, 60, 100])('works at %i Hz', (rate) => {
    expect(replay(softShake, 6000, { sensitivity: 'normal' }, rate).nearMisses).toHaveLength(1);
  });

  it('ignores samples with a non-finite time and forgets everything on reset', () => {
    const watcher = createNearMissWatcher({ sensitivity: 'normal', graceMs: 1000 });
    expect(watcher.push({ t: Number.NaN, x: 0, y: 0, z: G }, false)).toBe(false);
    let reported = 0;
    for (let t = 0; t <= 6000; t += 1000 / 60) if (watcher.push({ t, x: softShake(t), y: 0, z: G }, false)) reported++;
    expect(reported).toBe(1);
    watcher.reset();
    reported = 0;
    for (let t = 0; t <= 6000; t += 1000 / 60) if (watcher.push({ t, x: softShake(t), y: 0, z: G }, false)) reported++;
    expect(reported).toBe(1); // the cooldown was forgotten too
  });
});
