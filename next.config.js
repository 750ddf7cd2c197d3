// @ts-check
import createNextIntlPlugin from 'next-intl/plugin';

// Messages are compiled at build time (ICU → a compact form), so the browser gets no ICU parser and
// formats without parsing: lib/i18n/load-messages.ts imports the catalogues through the bundler for that.
const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  experimental: { messages: { path: './messages', format: 'json', locales: 'infer', precompile: true } },
});

/** @type {import('next').NextConfig} */
const config = {
  // Native database drivers and the logger stay outside the bundle; Node loads them at run time.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@libsql/client', 'libsql', '@prisma/adapter-libsql', 'pg', '@prisma/adapter-pg', 'pino', 'rate-limiter-flexible', 'prom-client'],
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
