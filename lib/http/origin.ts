/**
 * CSRF defence for cookie-authenticated calls, shared by HTTP routes and the Socket.IO handshake.
 * Browsers send `Origin` on every cross-origin request (and on same-origin POSTs) and
 * `Sec-Fetch-Site`; a page on another site therefore always shows itself. Clients that are not
 * browsers send neither and carry no ambient cookies of a victim, so they pass.
 */

/** Extra origins allowed to call us (e.g. a separate admin host), from ALLOWED_ORIGINS (comma list). */
const extraOrigins = (): string[] =>
  (process.env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);

export const isAllowedOrigin = (opts: { origin?: string | null; host?: string | null; secFetchSite?: string | null }): boolean => {
  const { origin, host, secFetchSite } = opts;
  if (origin && origin !== 'null') {
    if (extraOrigins().includes(origin)) return true;
    try {
      return Boolean(host) && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  if (origin === 'null') return false; // sandboxed frames, file: pages, some redirects
  // No Origin: only a browser's own navigation or same-origin fetch may pass.
  return !secFetchSite || secFetchSite === 'same-origin' || secFetchSite === 'none';
};

/** A body we are asked to read must be JSON: an HTML form (text/plain, urlencoded, multipart) cannot send that cross-site without a preflight. */
export const isJsonContentType = (value: string | null | undefined): boolean =>
  Boolean(value && /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(value.trim()));
