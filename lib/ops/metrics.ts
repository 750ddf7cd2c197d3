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
  // Labels typed by their names, so a wrong label is a compile error where it is counted.
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Gauge<L>({ name, help, labelNames, registers });
  return {
    registry,
    httpRequests: counter('http_requests_total', 'HTTP requests answered, by route pattern (unknown paths: other), method and status', ['route', 'method', 'status']),
    refusals: counter(
      'http_refusals_total',
      'Calls refused: 503 by admission reason (full, wait, waited, lagging) or database_unavailable; 429 by limit name',
      ['status', 'reason'],
    ),
    alertConfirm: new Histogram({
      name: 'alert_confirmation_seconds',
      help: "From a service request's creation to an agent console confirming its alert is on screen (held time included)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    redelivered: counter('alerts_redelivered_total', 'Alerts sent again because no console had confirmed them: by the sweeper, or to a console that (re)connected', ['why']),
    webhookDeliveries: counter('webhook_deliveries_total', 'Webhook delivery attempts by outcome (delivered, retry, failed)', ['outcome']),
    // ---- gauges set at scrape time (lib/http/metrics-endpoint.ts); "database": the same on every instance ----
    requestsOpen: gauge('service_requests_open', 'Open service requests, by status (database)', ['status']),
    requestsHeld: gauge('service_requests_held', 'Service requests held for their agent (never offered), by hold reason (database)', ['reason']),
    heldOldest: gauge('service_requests_held_oldest_seconds', 'Age of the oldest held request; 0 when none (database)'),
    alertsPending: gauge('alerts_pending', 'Requests offered to an agent whose alert no console has confirmed yet (database)'),
    alertsPendingOldest: gauge('alerts_pending_oldest_seconds', 'Time since the oldest unconfirmed alert was offered; 0 when none (database)'),
    agentsAvailable: gauge('agents_available', 'Agents online with a console connected and on the team (database)'),
    sockets: gauge('socketio_connected_sockets', 'Socket.IO connections of this instance, by kind (agent, demo, customer, visitor)', ['kind']),
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
