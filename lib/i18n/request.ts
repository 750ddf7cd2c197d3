import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE } from './config.ts';
import { loadMessages } from './load-messages.ts';
import { resolveLocale } from './resolve-locale.ts';

// No locale in the URL: the cookie set by the language switcher, else the browser's languages.
export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale({
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get('accept-language'),
  });
  return { locale, messages: await loadMessages(locale) };
});
