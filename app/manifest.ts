import type { MetadataRoute } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';

// Served at /manifest.webmanifest in the visitor's language (the same cookie/header rules as pages).
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const [locale, t] = await Promise.all([getLocale(), getTranslations('common')]);
  return {
    id: '/',
    name: t('appName'),
    short_name: t('appShortName'),
    description: t('appDescription'),
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    lang: locale,
    dir: 'ltr',
    theme_color: '#4f46e5',
    background_color: '#f6f7fb',
    categories: ['business', 'productivity'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
