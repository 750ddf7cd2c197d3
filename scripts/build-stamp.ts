// `npm start` builds only when the build's inputs changed since the last build (issue 23): a restart
// with nothing changed serves within seconds. The stamp is a digest of the sources, the messages, the
// public files, the schema, the lockfile and the config, written by `npm run build` after it succeeded
// (`node --import tsx scripts/build-stamp.ts write`) next to the build it describes (.next/), so a
// removed .next also means "build". `npm run build` itself always builds.
//
//   node --import tsx scripts/build-stamp.ts write     record the inputs of the build just made
//   node --import tsx scripts/build-stamp.ts start     build unless current (what `npm start` runs first)
//   BUILD_ROOT / BUILD_COMMAND                          another tree / another build command (tests)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the build reads. Folders are walked; tests, generated and git-ignored output are left out. */
const INPUTS = ['app', 'lib', 'stores', 'messages', 'public', 'prisma', 'proxy.ts', 'next.config.js', 'tsconfig.json', 'package.json', 'package-lock.json', 'prisma.config.ts', 'scripts/build-sw.ts', 'scripts/build-stamp.ts', 'server.ts', 'scripts/build-server.ts'];
const LEFT_OUT = [/\.test\.tsx?$/, /(^|\/)lib\/db\/generated\//, /^public\/sw\.js(\.map)?$/, /(^|\/)\.DS_Store$/];
const OUTPUTS = ['.next/BUILD_ID', 'public/sw.js', '.next/app-server/server.mjs'];
const STAMP = '.next/build-inputs.json';

const walk = (root: string, rel: string): string[] => {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs
    .readdirSync(abs)
    .sort()
    .flatMap((name) => walk(root, path.posix.join(rel, name)));
};

/** One digest of every input file's path and bytes, and of the NEXT_PUBLIC_ settings baked into the bundle. */
export const inputsDigest = (root: string, env: NodeJS.ProcessEnv = process.env): { digest: string; files: number } => {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((p) => walk(root, p)).filter((f) => !LEFT_OUT.some((re) => re.test(f)));
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(fs.readFileSync(path.join(root, f)));
    hash.update('\0');
  }
  const publicEnv = Object.keys(env)
    .filter((k) => k.startsWith('NEXT_PUBLIC_'))
    .sort()
    .map((k) => `${k}=${env[k]}`);
  hash.update(publicEnv.join('\n'));
  return { digest: hash.digest('hex'), files: files.length };
};

export type BuildState = { current: true; builtAt: string } | { current: false; why: string };

export const buildState = (root: string): BuildState => {
  const missing = OUTPUTS.find((o) => !fs.existsSync(path.join(root, o)));
  if (missing) return { current: false, why: `no build yet (${missing} missing)` };
  const stampFile = path.join(root, STAMP);
  if (!fs.existsSync(stampFile)) return { current: false, why: 'the last build left no stamp' };
  const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { digest: string; builtAt: string };
  if (stamp.digest !== inputsDigest(root).digest) return { current: false, why: 'sources, messages, lockfile or config changed since the last build' };
  return { current: true, builtAt: stamp.builtAt };
};

export const writeStamp = (root: string, now = new Date()): void => {
  fs.writeFileSync(path.join(root, STAMP), JSON.stringify({ ...inputsDigest(root), builtAt: now.toISOString() }, null, 2));
};

const main = () => {
  const root = path.resolve(process.env.BUILD_ROOT ?? process.cwd());
  const verb = process.argv[2];
  if (verb === 'write') {
    writeStamp(root);
    return;
  }
  if (verb !== 'start') {
    console.error('usage: build-stamp.ts write | start');
    process.exit(2);
  }
  const state = buildState(root);
  if (state.current) {
    console.log(`▸ build is up to date (nothing changed since ${state.builtAt}): skipping it — \`npm run build\` rebuilds`);
    return;
  }
  console.log(`▸ building: ${state.why}`);
  const command = process.env.BUILD_COMMAND ?? 'npm run build';
  const r = spawnSync(command, { cwd: root, stdio: 'inherit', shell: true });
  process.exit(r.status ?? 1);
};

if (import.meta.url === `file://${process.argv[1]}`) main();
