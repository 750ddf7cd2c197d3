import { describe, expect, it } from 'vitest';
import { groupOf, tracesRequired } from './traces.ts';

describe('tracesRequired (the replay tests fail instead of skipping in CI)', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['FALSE', false],
    ['true', true],
    ['1', true],
    ['yes', true],
  ])('CI=%s → %s', (ci, required) => {
    const env: Record<string, string> = ci === undefined ? {} : { CI: ci };
    expect(tracesRequired(env)).toBe(required);
  });
});

describe('groupOf', () => {
  it('scores waving clips apart from the other negatives, and shakes by source', () => {
    expect(groupOf('traces/other/itt23maschinen_waving_11-05-23_14-12-26.csv', 'other')).toBe('wave');
    expect(groupOf('traces/other/wiimote_move_c03_len122.csv', 'other')).toBe('other');
    expect(groupOf('traces/shake/itt23maschinen_shaking_11-05-23_14-14-06.csv', 'shake')).toBe('shake-phone');
    expect(groupOf('traces/shake/wiimote_shake_c02_len040.csv', 'shake')).toBe('shake-wii');
    expect(groupOf('traces/walk/oxford_val_01.csv', 'walk')).toBe('walk');
  });
});
