// Debian's Chromium: Playwright's own browser download cannot work without the internet.
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

/** The e2e server's ports: the app, and the HTTPS port with the self-signed certificate (issue 23). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_HTTPS_PORT = Number(process.env.E2E_HTTPS_PORT ?? E2E_PORT + 1);

/** The shop's identity secret the e2e server trusts (issue 25): specs sign their users' tokens with it. */
export const E2E_IDENTITY_SECRET = 'e2e-shop-identity-secret-0123456789-abcdef';
