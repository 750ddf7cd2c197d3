import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import './tokens.css';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return {
    title: t('appName'),
    description: t('appDescription'),
    applicationName: t('appName'),
    appleWebApp: { capable: true, title: t('appShortName'), statusBarStyle: 'default' },
    icons: { icon: '/icons/icon-192.png', apple: '/icons/apple-touch-icon.png' },
    formatDetection: { telephone: false },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#4f46e5' },
    { media: '(prefers-color-scheme: dark)', color: '#10121a' },
  ], viewportFit: 'cover' };

/**
 * No client provider here on purpose: each surface wraps itself in a NextIntlClientProvider with
 * the namespaces it needs (see app/page.tsx), so a page ships only its own strings and `/bare`
 * (the bundle-budget baseline) ships nothing but the framework.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang={await getLocale()}>
      <body>{children}</body>
    </html>
  );
}
