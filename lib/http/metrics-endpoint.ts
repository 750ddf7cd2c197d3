import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { metrics, type SocketKind } from '../ops/metrics.ts';
import { countRequests } from '../requests/request-counts.ts';
import { AVAILABLE_WHERE } from '../agents/availability.ts';

/**
 * GET /metrics (issue 29): Prometheus text of this instance. With a token, only `Authorization: Bearer
 * <token>` is answered (401 otherwise); without one, the caller is trusted to have reached a port only
 * Prometheus can reach (METRICS_PORT). The state gauges are read here, at scrape time: one grouped query
 * for the requests, one count of available agents, and this instance's sockets from Socket.IO.
 */
export const createMetricsEndpoint = (deps: { db: Db; token?: string; sockets: () => Record<SocketKind, number>; now?: () => number }) => {
  const expected = deps.token ? crypto.createHash('sha256').update(deps.token).digest() : null;
  const isAuthorized = (req: IncomingMessage) => {
    if (!expected) return true;
    const given = String(req.headers.authorization ?? '').match(/^Bearer\s+(\S+)$/i)?.[1];
    return given !== undefined && crypto.timingSafeEqual(crypto.createHash('sha256').update(given).digest(), expected);
  };
  const now = deps.now ?? Date.now;

  const refresh = async () => {
    const m = metrics();
    for (const [kind, n] of Object.entries(deps.sockets())) m.sockets.set({ kind }, n);
    const [requests, available] = await Promise.all([countRequests(deps.db), deps.db.agent.count({ where: AVAILABLE_WHERE })]);
    for (const [status, n] of Object.entries(requests.open)) m.requestsOpen.set({ status }, n);
    for (const [reason, n] of Object.entries(requests.held)) m.requestsHeld.set({ reason }, n);
    const age = (since: Date | null) => (since ? Math.max(0, now() - since.getTime()) / 1000 : 0);
    m.heldOldest.set(age(requests.heldSince));
    m.alertsPending.set(requests.alertsPending);
    m.alertsPendingOldest.set(age(requests.pendingSince));
    m.agentsAvailable.set(available);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end('GET only\n');
    }
    if (!isAuthorized(req)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end('A bearer token (METRICS_TOKEN) is needed.\n');
    }
    // The database away must not hide the rest: the in-memory metrics are served, the state gauges keep
    // their last values, and the failure is logged.
    await refresh().catch((err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'metrics: the state gauges could not be read'));
    const registry = metrics().registry;
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
};

/** 404 for /metrics where it is not served: metrics off, or served on METRICS_PORT only. */
export const metricsNotHere = (res: ServerResponse): void => {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end('Not found.\n');
};
