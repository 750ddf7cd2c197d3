import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routesOnDisk } from '../../test/helpers/routes.ts';
import { buildOpenApiDocument } from './openapi.ts';

// The document is generated, not written: these checks keep it true to the route files under
// app/api/v1 (a route or method added without its entry — or an entry without a route — fails here).

const doc = buildOpenApiDocument();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists exactly the routes and methods of app/api/v1', () => {
    const onDisk = routesOnDisk()
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const documented = Object.entries(doc.paths ?? {})
      .flatMap(([p, item]) => METHODS.filter((m) => item && m in item).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(onDisk.length).toBeGreaterThan(3);
    expect(documented).toEqual(onDisk);
  });

  it('every read names its scope, its 401, 403 and 429, and every list its cursor', () => {
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      if (p === '/api/v1/openapi.json') continue;
      const op = item!.get!;
      expect(op.security?.[0]?.apiToken?.[0], p).toMatch(/^[a-z]+:read$/);
      for (const status of ['200', '401', '403', '429']) expect(op.responses?.[status], `${p} ${status}`).toBeTruthy();
      const names = (op.parameters ?? []).map((x) => ('name' in x ? x.name : ''));
      if (!p.includes('{') && p !== '/api/v1/reports') expect(names, p).toEqual(expect.arrayContaining(['limit', 'cursor']));
    }
  });

  it('the route serves this same builder (not a copy written by hand)', () => {
    const src = fs.readFileSync(path.resolve(import.meta.dirname, '../../app/api/v1/openapi.json/route.ts'), 'utf8');
    expect(src).toContain('buildOpenApiDocument()');
  });
});
