'use client';

import { useFormatter, useLocale, useNow } from 'next-intl';

type Named = { name: string; nameZh?: string | null };

/** An agent's name in the reader's language: the Chinese name in zh-CN, when there is one. */
export const nameIn = (locale: string, who: Named | null | undefined): string =>
  !who ? '' : locale.startsWith('zh') && who.nameZh ? who.nameZh : who.name;

/**
 * Names, times and waits in the viewer's locale (Intl through next-intl): "10:42" today, a date
 * otherwise, and "5 minutes" style durations; never the browser's default US pattern.
 */
export function useLocaleFormat() {
  const locale = useLocale();
  const format = useFormatter();
  // Re-renders every 30 s so "waiting 5 minutes" stays true.
  const now = useNow({ updateInterval: 30_000 });
  const isToday = (d: Date) => d.toDateString() === now.toDateString();
  return {
    locale,
    name: (who: Named | null | undefined) => nameIn(locale, who),
    time: (iso: string) => {
      const d = new Date(iso);
      return isToday(d)
        ? format.dateTime(d, { hour: '2-digit', minute: '2-digit' })
        : format.dateTime(d, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    },
    date: (iso: string) => format.dateTime(new Date(iso), { year: 'numeric', month: 'long', day: 'numeric' }),
    dateTime: (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }),
    /** how long since `iso` as a duration ("5 minutes", "5分钟"), for "waiting 5 minutes" */
    waited: (iso: string) => {
      const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
      if (minutes < 60) return format.number(Math.max(1, minutes), { style: 'unit', unit: 'minute', unitDisplay: 'long' });
      return format.number(Math.floor(minutes / 60), { style: 'unit', unit: 'hour', unitDisplay: 'long' });
    },
  };
}
