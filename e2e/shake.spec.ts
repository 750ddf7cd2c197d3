import { expect, test, type Page } from '@playwright/test';
import { createShakeDetector } from '../lib/shake/detector';
import { resample } from '../lib/shake/resample';
import { hasTraces, loadManifest, loadTrace } from '../lib/shake/traces';

// Real recordings replayed into the page as devicemotion events, at 60 Hz and in real time.
type Sample = [number, number, number, number];

const at60Hz = (file: string, maxMs: number): Sample[] => {
  const trace = resample(loadTrace(file), 60);
  const out: Sample[] = [];
  for (let i = 0; i < trace.t.length && trace.t[i]! <= maxMs; i++) out.push([trace.t[i]!, trace.x[i]!, trace.y[i]!, trace.z[i]!]);
  return out;
};

/** The phone shake recording the detector recognises soonest (so the test does not depend on one file). */
const quickestShake = (): string => {
  let best: { file: string; t: number } | null = null;
  for (const entry of loadManifest().filter((e) => e.file.includes('itt23maschinen_shaking'))) {
    const d = createShakeDetector();
    for (const [t, x, y, z] of at60Hz(entry.file, 8000)) {
      if (d.push({ t, x, y, z })) {
        if (!best || t < best.t) best = { file: entry.file, t };
        break;
      }
    }
  }
  if (!best) throw new Error('no phone shake recording is recognised by the detector');
  return best.file;
};

const replay = (page: Page, samples: Sample[]) =>
  page.evaluate(async (s) => {
    const start = performance.now();
    for (const [t, x, y, z] of s) {
      const wait = start + t - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      window.dispatchEvent(new DeviceMotionEvent('devicemotion', { accelerationIncludingGravity: { x, y, z }, interval: 16 }));
    }
  }, samples);

test.describe('shake to find an agent', () => {
  test.skip(!hasTraces(), 'the shared motion recordings (MOTION_TRACES_DIR) are not on this machine');

  test('a recorded shake shows the candidate card', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('find')).toBeVisible();
    await replay(page, at60Hz(quickestShake(), 8000));
    await expect(page.getByTestId('agent-card')).toBeVisible();
  });

  test('walking with the phone changes nothing', async ({ page }) => {
    const walk = loadManifest().find((e) => e.label === 'walk')!;
    await page.goto('/');
    await expect(page.getByTestId('find')).toBeVisible();
    await replay(page, at60Hz(walk.file, 12_000));
    await expect(page.getByTestId('agent-card')).toHaveCount(0);
    await expect(page.getByTestId('find')).toBeVisible();
  });
});
