import { afterEach, describe, expect, it } from 'vitest';
import { isAllowedOrigin, isJsonContentType } from './origin.ts';

afterEach(() => {
  delete process.env.ALLOWED_ORIGINS;
});

describe('CSRF checks', () => {
  it.each([
    [{ origin: 'http://app.example', host: 'app.example' }, true],
    [{ origin: 'https://app.example:8443', host: 'app.example:8443' }, true],
    [{ origin: 'https://evil.example', host: 'app.example' }, false],
    [{ origin: 'https://app.example.evil.example', host: 'app.example' }, false],
    [{ origin: 'null', host: 'app.example' }, false],
    [{ origin: 'not a url', host: 'app.example' }, false],
    [{ host: 'app.example', secFetchSite: 'cross-site' }, false],
    [{ host: 'app.example', secFetchSite: 'same-site' }, false],
    [{ host: 'app.example', secFetchSite: 'same-origin' }, true],
    [{ host: 'app.example' }, true], // not a browser: no ambient cookies to abuse
  ])('%j → %s', (req, ok) => {
    expect(isAllowedOrigin(req)).toBe(ok);
  });

  it('ALLOWED_ORIGINS adds origins', () => {
    process.env.ALLOWED_ORIGINS = 'https://admin.example, https://other.example/';
    expect(isAllowedOrigin({ origin: 'https://other.example', host: 'app.example' })).toBe(true);
    expect(isAllowedOrigin({ origin: 'https://third.example', host: 'app.example' })).toBe(false);
  });

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/merge-patch+json', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/jsonp', false],
    [null, false],
  ])('content type %s is JSON: %s', (v, ok) => {
    expect(isJsonContentType(v)).toBe(ok);
  });
});
