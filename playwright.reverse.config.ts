// The e2e suite with every spec file in reverse order (each file its own project, run in that order),
// to show that no spec depends on what ran before it:
//   E2E_PORT=3100 npx playwright test -c playwright.reverse.config.ts
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

const files = readdirSync(path.join(import.meta.dirname, 'e2e'))
  .filter((f) => f.endsWith('.spec.ts'))
  .sort()
  .reverse();
const only = (f: string) => new RegExp(`[\\\\/]${f.replace(/\./g, '\\.')}$`);

export default defineConfig({
  ...base,
  projects: base.projects!.flatMap((p) =>
    files
      .filter((f) => !(p.testIgnore instanceof RegExp && p.testIgnore.test(f)))
      .map((f) => ({ ...p, name: `${p.name}-${f.replace('.spec.ts', '')}`, testMatch: only(f), testIgnore: undefined })),
  ),
});
