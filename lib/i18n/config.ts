/** Locales the UI speaks. Client-safe: no Node or Next imports here. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The switcher writes this cookie; the server reads it before Accept-Language. */
export const LOCALE_COOKIE = 'locale';
/** A year: the choice should outlive a session, like any app setting. */
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The language's own name, so a reader of the other language can still find theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };
