import { describe, expect, it } from 'vitest';
import { parseAcceptLanguage, resolveLocale } from './resolve-locale.ts';

describe('resolveLocale', () => {
  it.each([
    [{}, 'en'],
    [{ acceptLanguage: 'zh-CN,zh;q=0.9,en;q=0.8' }, 'zh-CN'],
    [{ acceptLanguage: 'zh-TW' }, 'zh-CN'],
    [{ acceptLanguage: 'zh-Hans-SG' }, 'zh-CN'],
    [{ acceptLanguage: 'en-GB,en;q=0.9' }, 'en'],
    [{ acceptLanguage: 'fr-FR,zh;q=0.5,en;q=0.4' }, 'zh-CN'],
    [{ acceptLanguage: 'en;q=0.3,zh-CN;q=0.8' }, 'zh-CN'],
    [{ acceptLanguage: 'de,fr' }, 'en'],
    [{ acceptLanguage: 'zh;q=0,en' }, 'en'],
    [{ cookie: 'zh-CN', acceptLanguage: 'en' }, 'zh-CN'],
    [{ cookie: 'en', acceptLanguage: 'zh-CN' }, 'en'],
    [{ cookie: 'klingon', acceptLanguage: 'zh-CN' }, 'zh-CN'],
  ] as const)('%j → %s', (input, expected) => {
    expect(resolveLocale(input)).toBe(expected);
  });
});

describe('parseAcceptLanguage', () => {
  it('orders by quality, keeps header order on ties and drops q=0 and junk', () => {
    expect(parseAcceptLanguage('en;q=0.5, zh-CN, fr;q=0.5, de;q=0, ;q=1, ja;q=abc')).toEqual(['zh-CN', 'en', 'fr']);
  });
});
