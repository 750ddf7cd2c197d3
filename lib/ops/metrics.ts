import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { instanceId } from '../instance.ts';

/**
 * Prometheus metrics of this process (issue 29), served at GET /metrics (lib/http/metrics-endpoint.ts).
 *
 * Counters and histograms live in memory and cost an addition where something happens; the gauges that
 * describe the database's state (requests open and held, alerts not confirmed, agents available) are
 * computed when Prometheus scrapes, not kept up to date on the hot path. Every series carries
 * `instance` = this process's id (lib/instance.ts). Label values come from closed sets (route patterns,
 * refusal reasons, limit names, outcomes), never from ids or raw paths.
 *
 * One registry per process, on globalThis: route handlers are bundled apart from server.ts and count
 * their 429s into the same counters.
 */
const makeMetrics = () => {
  const registry = new Registry();
  registry.setDefaultLabels({ instance: instanceId() });
  // Event-loop delay (nodejs_eventloop_lag_*, from perf_hooks' monitorEventLoopDelay), heap, GC, CPU.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route pattern (unknown paths: other), method and status',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    }),
    refusals: new Counter({
      name: 'http_refusals_total',
      help: 'Calls refused: 503 by admission reason (full, wait, waited, lagging) or database_unavailable; 429 by limit name',
      labelNames: ['status', 'reason'] as const,
      registers,
    }),
    alertConfirm: new Histogram({
      name: 'alert_confirmation_seconds',
      help: "From a service request's creation to an agent console confirming its alert is on screen (held time included)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    redelivered: new Counter({
      name: 'alerts_redelivered_total',
      help: 'Alerts sent again because no console had confirmed them: by the sweeper, or to a console that (re)connected',
      labelNames: ['why'] as const,
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (delivered, retry, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    // ---- gauges set at scrape time (lib/http/metrics-endpoint.ts) ----
    requestsOpen: new Gauge({
      name: 'service_requests_open',
      help: 'Open service requests (all instances: read from the database), by status',
      labelNames: ['status'] as const,
      registers,
    }),
    requestsHeld: new Gauge({
      name: 'service_requests_held',
      help: 'Service requests held for their agent (never offered), by hold reason (database)',
      labelNames: ['reason'] as const,
      registers,
    }),
    heldOldest: new Gauge({ name: 'service_requests_held_oldest_seconds', help: 'Age of the oldest held request; 0 when none (database)', registers }),
    alertsPending: new Gauge({ name: 'alerts_pending', help: 'Requests offered to an agent whose alert no console has confirmed yet (database)', registers }),
    alertsPendingOldest: new Gauge({
      name: 'alerts_pending_oldest_seconds',
      help: 'Time since the oldest unconfirmed alert was offered; 0 when none (database)',
      registers,
    }),
    agentsAvailable: new Gauge({ name: 'agents_available', help: 'Agents online with a console connected and on the team (database)', registers }),
    sockets: new Gauge({
      name: 'socketio_connected_sockets',
      help: "Socket.IO connections of this instance, by kind (agent, demo, customer, visitor)",
      labelNames: ['kind'] as const,
      registers,
    }),
  };
};

export type Metrics = ReturnType<typeof makeMetrics>;

/** Who is on a socket: an agent's console (the demo crowd's apart), a customer, a visitor waiting for anyone. */
export type SocketKind = 'agent' | 'demo' | 'customer' | 'visitor';

const holder = globalThis as unknown as { __metrics?: Metrics };

export const metrics = (): Metrics => (holder.__metrics ??= makeMetrics());

// A labelled child per label set, looked up by one string: the hot path adds to it without prom-client
// hashing its label object on every call.
const children = new Map<string, { inc: (n?: number) => void }>();
const child = (key: string, make: () => { inc: (n?: number) => void }) => {
  let c = children.get(key);
  if (!c) children.set(key, (c = make()));
  return c;
};

export const countHttpRequest = (route: string, method: string, status: number): void =>
  child(`h ${route} ${method} ${status}`, () => metrics().httpRequests.labels(route, method, String(status))).inc();

/** A call refused: 503 (admission, database away) or 429 (a limit's name). */
export const countRefusal = (status: 503 | 429, reason: string): void =>
  child(`r ${status} ${reason}`, () => metrics().refusals.labels(String(status), reason)).inc();

/** An agent's console confirmed the alert of a request made at `createdAt` (the first confirmation only). */
export const observeAlertConfirmed = (createdAt: string | Date, now = Date.now()): void => {
  const ms = now - new Date(createdAt).getTime();
  if (Number.isFinite(ms)) metrics().alertConfirm.observe(Math.max(0, ms) / 1000);
};

export const countRedelivered = (why: 'sweep' | 'reconnect', n: number): void => {
  if (n > 0) child(`a ${why}`, () => metrics().redelivered.labels(why)).inc(n);
};

export const countWebhookDelivery = (outcome: 'delivered' | 'retry' | 'failed'): void =>
  child(`w ${outcome}`, () => metrics().webhookDeliveries.labels(outcome)).inc();
