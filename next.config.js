// @ts-check
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const config = {
  // Native database drivers and the logger stay outside the bundle; Node loads them at run time.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@libsql/client', 'libsql', '@prisma/adapter-libsql', 'pg', '@prisma/adapter-pg', 'pino', 'rate-limiter-flexible'],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        // The service worker must be re-checked on every visit, or an update could wait for days.
        source: '/sw.js',
        headers: [
          { key: 'Cache-Control', value: 'no-cache, no-store, must-revalidate' },
          { key: 'Content-Type', value: 'application/javascript; charset=utf-8' },
        ],
      },
    ];
  },
};

export default withNextIntl(config);
