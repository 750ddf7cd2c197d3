import { DEFAULT_LOCALE, isLocale, type Locale } from './config.ts';

type Range = { tag: string; q: number; order: number };

/** Parses `Accept-Language` into language ranges, best first (ties keep header order). */
export const parseAcceptLanguage = (header: string | null | undefined): string[] => {
  if (!header) return [];
  const ranges: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag?.trim();
    if (!tag) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) return;
    ranges.push({ tag, q, order });
  });
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order).map((r) => r.tag);
};

/**
 * Maps one language tag to a locale we have. Every Chinese variant gets Simplified Chinese: a reader
 * of Traditional Chinese reads it far more easily than English. Unknown languages give null.
 */
export const matchLocale = (tag: string): Locale | null => {
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
};

/** The cookie the switcher set wins; then the browser's languages in order; then the default. */
export const resolveLocale = (opts: { cookie?: string | null; acceptLanguage?: string | null }): Locale => {
  if (isLocale(opts.cookie)) return opts.cookie;
  for (const tag of parseAcceptLanguage(opts.acceptLanguage)) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
};
