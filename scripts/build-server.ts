// The server, compiled (issue 27): `npm run build` bundles server.ts and the lib/ it imports into one ES
// module with esbuild (npm packages stay imports), and production starts that instead of transpiling
// TypeScript through tsx at every start — measured in docs/benchmarks.md ("Lighter process").
//
//   node --import tsx scripts/build-server.ts             build .next/app-server/server.mjs
//   node --import tsx scripts/build-server.ts --if-stale  build only when a source it was made from changed
//
// Kept in .next/ beside the build it belongs to (a removed .next means "build" to `npm start` too). The
// test servers (test/helpers/server.ts) and the e2e server run the same bundle, made fresh if stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const SERVER_BUNDLE = path.join('.next', 'app-server', 'server.mjs');
const INPUTS_FILE = path.join('.next', 'app-server', 'inputs.json');

/** Bundles server.ts into SERVER_BUNDLE under `root`, written whole (a temp file renamed), with the list of its sources. */
export const buildServer = async (root: string): Promise<{ file: string; inputs: number; bytes: number }> => {
  const out = path.join(root, SERVER_BUNDLE);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp.mjs`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['server.ts'],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // npm packages are loaded from node_modules as usual (native ones — better-sqlite3 — cannot be bundled).
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // Some packages the bundle imports call require(): give the ES module one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  // The map names the temp file: point it at the final one.
  const map = `${tmp}.map`;
  fs.writeFileSync(tmp, fs.readFileSync(tmp, 'utf8').replace(path.basename(map), `${path.basename(out)}.map`));
  fs.renameSync(map, `${out}.map`);
  fs.renameSync(tmp, out);
  const inputs = Object.keys(result.metafile.inputs);
  fs.writeFileSync(path.join(root, INPUTS_FILE), JSON.stringify(inputs));
  return { file: out, inputs: inputs.length, bytes: fs.statSync(out).size };
};

/** True when the bundle is missing or one of the sources it was made from is newer (or gone). */
export const isServerBundleStale = (root: string): boolean => {
  const out = path.join(root, SERVER_BUNDLE);
  const list = path.join(root, INPUTS_FILE);
  if (!fs.existsSync(out) || !fs.existsSync(list)) return true;
  const made = fs.statSync(out).mtimeMs;
  const inputs = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  return inputs.some((f) => {
    const abs = path.join(root, f);
    return !fs.existsSync(abs) || fs.statSync(abs).mtimeMs > made;
  });
};

export const ensureServerBundle = async (root: string): Promise<void> => {
  if (isServerBundleStale(root)) await buildServer(root);
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.cwd();
  if (process.argv.includes('--if-stale') && !isServerBundleStale(root)) {
    console.log(`build-server: ${SERVER_BUNDLE} is current`);
  } else {
    const r = await buildServer(root);
    console.log(`build-server: ${SERVER_BUNDLE} from ${r.inputs} sources (${Math.round(r.bytes / 1024)} KiB)`);
  }
}
