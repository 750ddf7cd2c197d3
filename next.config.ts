import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native database drivers and the logger stay outside the bundle; Node loads them at run time.
  serverExternalPackages: ['@libsql/client', 'libsql', '@prisma/adapter-libsql', 'pino'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
