import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// What `npm start` runs first (package.json "start": scripts/build-stamp.ts start), run for real on a
// small tree of its own; the build command is a stand-in that counts builds and leaves what
// `npm run build` leaves (a BUILD_ID, the service worker, the compiled server, then the stamp through
// the same script).
const SCRIPT = path.resolve(import.meta.dirname, 'build-stamp.ts');
// The small tree has no node_modules: the loader is named by its path.
const TSX = path.resolve(import.meta.dirname, '../node_modules/tsx/dist/loader.mjs');
let root: string;

const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const builds = () => (fs.existsSync(path.join(root, 'builds.log')) ? fs.readFileSync(path.join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length : 0);
const start = (env: Record<string, string> = {}) => {
  const fakeBuild = [
    `echo built >> builds.log`,
    `mkdir -p .next/app-server public`,
    `echo id > .next/BUILD_ID`,
    `echo server > .next/app-server/server.mjs`,
    `echo sw > public/sw.js`,
    `"${process.execPath}" --import "${TSX}" "${SCRIPT}" write`,
  ].join(' && ');
  const r = spawnSync(process.execPath, ['--import', TSX, SCRIPT, 'start'], {
    cwd: root,
    env: { ...process.env, BUILD_ROOT: root, BUILD_COMMAND: fakeBuild, ...env },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-stamp-'));
  write('app/page.tsx', 'export default () => null;\n');
  write('lib/agents/presence.ts', 'export const x = 1;\n');
  write('lib/agents/presence.test.ts', 'test\n');
  write('messages/en/common.json', '{}\n');
  write('package.json', '{}\n');
  write('package-lock.json', '{}\n');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('npm start builds only when something changed', () => {
  it('builds the first time, skips a second start with nothing changed', () => {
    expect(start()).toMatch(/building: no build yet/);
    expect(builds()).toBe(1);
    expect(start()).toMatch(/build is up to date/);
    expect(builds()).toBe(1);
  });

  it.each([
    ['a source file', 'lib/agents/presence.ts'],
    ['a message file', 'messages/en/common.json'],
    ['the lockfile', 'package-lock.json'],
  ])('rebuilds after %s changed', (_what, file) => {
    start();
    fs.appendFileSync(path.join(root, file), '\n// changed\n');
    expect(start()).toMatch(/building: sources, messages, lockfile or config changed/);
    expect(builds()).toBe(2);
  });

  it('rebuilds when a new source file appears, or a NEXT_PUBLIC_ setting changes', () => {
    start();
    write('stores/new-store.ts', 'export {};\n');
    start();
    expect(builds()).toBe(2);
    start({ NEXT_PUBLIC_SOMETHING: '1' });
    expect(builds()).toBe(3);
  });

  it('a changed test file, or output the build writes, is not a reason to build', () => {
    start();
    fs.appendFileSync(path.join(root, 'lib/agents/presence.test.ts'), 'more\n');
    write('public/sw.js', 'rebuilt sw\n');
    write('lib/db/generated/sqlite/client.ts', 'generated\n');
    expect(start()).toMatch(/up to date/);
    expect(builds()).toBe(1);
  });

  it('rebuilds when the build output is gone', () => {
    start();
    fs.rmSync(path.join(root, '.next'), { recursive: true });
    expect(start()).toMatch(/no build yet/);
    expect(builds()).toBe(2);
  });
});
