// Draws the app icons from one SVG with the local Chromium; run by hand when the logo changes:
//   node --import tsx scripts/make-icons.ts
// The PNGs are committed (no image tooling is needed to build or run the app).
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const BG = '#4f46e5';

/** `safe` shrinks the figure into the maskable safe zone (the inner 80% circle). */
const svg = (size: number, safe: boolean) => {
  const s = safe ? 0.62 : 0.8;
  const r = safe ? 0 : size * 0.22;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="${(r / size) * 100}" fill="${BG}"/>
  <g transform="translate(${50 - 50 * s} ${50 - 50 * s}) scale(${s})">
    <circle cx="50" cy="36" r="17" fill="#fff"/>
    <path d="M18 86c4-17 17-26 32-26s28 9 32 26z" fill="#fff"/>
    <circle cx="78" cy="24" r="10" fill="#a5b4fc"/>
  </g>
</svg>`;
};

const targets = [
  { file: 'icon-192.png', size: 192, safe: false },
  { file: 'icon-512.png', size: 512, safe: false },
  { file: 'maskable-192.png', size: 192, safe: true },
  { file: 'maskable-512.png', size: 512, safe: true },
  { file: 'apple-touch-icon.png', size: 180, safe: true },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await mkdir('public/icons', { recursive: true });
  for (const t of targets) {
    await page.setViewportSize({ width: t.size, height: t.size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg(t.size, t.safe)}`);
    await writeFile(`public/icons/${t.file}`, await page.locator('svg').screenshot({ omitBackground: true }));
    console.log(`public/icons/${t.file}`);
  }
} finally {
  await browser.close();
}
