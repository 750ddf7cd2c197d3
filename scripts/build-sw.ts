// After `next build`: bundle lib/pwa/sw.ts with esbuild, then let workbox-build inject the
// precache list (every file of .next/static, the icons, and the shell pages keyed by build id).
// Output: public/sw.js (git-ignored), served at /sw.js with no-cache (next.config.js).
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

const root = process.cwd();
const buildId = (await readFile(path.join(root, '.next/BUILD_ID'), 'utf8')).trim();
const bundled = path.join(root, '.next/sw.bundle.js');
const swDest = path.join(root, 'public/sw.js');

await build({
  entryPoints: [path.join(root, 'lib/pwa/sw.ts')],
  outfile: bundled,
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});

const md5 = (buf: Buffer) => createHash('md5').update(buf).digest('hex');
const iconsDir = path.join(root, 'public/icons');
const icons = await Promise.all(
  (await readdir(iconsDir)).filter((f) => f.endsWith('.png')).map(async (f) => ({ url: `/icons/${f}`, revision: md5(await readFile(path.join(iconsDir, f))) })),
);

/**
 * Chunks only /admin pages load (the reports' charting library alone is ~400 KiB) stay out of the
 * precache: the offline app is the customer's and the agent's, and every install would download them.
 * Read from each page's client reference manifest, which names the chunks the page loads.
 */
const adminOnlyChunks = async (): Promise<string[]> => {
  const appDir = path.join(root, '.next/server/app');
  const files = (await readdir(appDir, { recursive: true })).filter((f) => f.endsWith('_client-reference-manifest.js'));
  const admin = new Set<string>();
  const others = new Set<string>();
  for (const f of files) {
    const text = await readFile(path.join(appDir, f), 'utf8');
    const into = f.startsWith(`admin${path.sep}`) ? admin : others;
    for (const m of text.matchAll(/\/_next\/static\/(chunks\/[\w.-]+\.(?:js|css))/g)) into.add(m[1]!);
  }
  return [...admin].filter((c) => !others.has(c));
};
const adminOnly = await adminOnlyChunks();

const { count, size, warnings } = await injectManifest({
  swSrc: bundled,
  swDest,
  globDirectory: path.join(root, '.next/static'),
  globPatterns: ['**/*.{js,css,woff2,png,svg,ico,webp,avif,jpg}'],
  globIgnores: adminOnly,
  modifyURLPrefix: { '': '/_next/static/' },
  // Built assets have content hashes in their names: the URL is the version.
  dontCacheBustURLsMatching: /^\/_next\/static\/(chunks|css|media)\//,
  // Pages change with every build (and are rendered per language): the build id is their version.
  additionalManifestEntries: [
    { url: '/', revision: buildId },
    { url: '/offline', revision: buildId },
    { url: '/manifest.webmanifest', revision: buildId },
    ...icons,
  ],
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
});
await rm(bundled, { force: true });
for (const w of warnings) console.warn(`build-sw: ${w}`);
console.log(`build-sw: public/sw.js precaches ${count} files (${Math.round(size / 1024)} KiB; ${adminOnly.length} chunks only /admin loads left out), build ${buildId}`);
