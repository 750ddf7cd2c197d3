import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The domain tells people about changes through the Notifier (lib/requests/notifier.ts) and never
// reaches for sockets: lib/realtime implements the Notifier, not the other way round.
const DOMAIN = ['requests', 'matching', 'binding', 'agents', 'callbacks'];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });

describe('dependencies point one way', () => {
  it.each(DOMAIN)('lib/%s imports nothing from lib/realtime', (area) => {
    const files = sources(path.join(import.meta.dirname, area));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((f) => /from\s+['"][^'"]*realtime\//.test(readFileSync(f, 'utf8')) || /import\(['"][^'"]*realtime\//.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(import.meta.dirname, f))).toEqual([]);
  });
});
