import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connected, nextEvent, startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue #17 through a real server: booking over HTTP, the agent's console hears it live, the sweeper
// reminds from the stored time (lead time lengthened so the first slot is already "due").
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { SWEEP_INTERVAL_MS: '200', CALLBACK_REMINDER_LEAD_MS: String(2 * 3600_000) } });
});
afterEach(() => s.closeAll());
afterAll(() => server?.stop());

const allDay = async (handle: string) =>
  server.db.agent.update({ where: { handle }, data: { timeZone: 'UTC', workingHours: JSON.stringify({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }) } });

describe('callbacks over HTTP and sockets', () => {
  it('a booking reaches the agent’s console live; bad and double bookings are refused naming `at`; the reminder fires once', async () => {
    await s.agent('caller', 90);
    await allDay('caller');
    const me = await s.online('caller');
    const customer = await s.customerOf('Li Lei', 'caller');
    const slots = await customer.client.get('/api/callbacks/slots');
    expect(slots.status).toBe(200);
    expect(slots.json.timeZone).toBe('UTC');
    const [first, second] = slots.json.slots as string[];
    expect(new Date(first!).getTime()).toBeGreaterThan(Date.now());

    expect((await customer.client.post('/api/callbacks', { at: first })).json.error).toMatchObject({ field: 'phone' });
    const past = await customer.client.post('/api/callbacks', { at: new Date(Date.now() - 3600_000).toISOString(), phone: '+86 138 0013 8000' });
    expect(past.status).toBe(400);
    expect(past.json.error.field).toBe('at');
    const offGrid = await customer.client.post('/api/callbacks', { at: new Date(new Date(first!).getTime() + 60_000).toISOString(), phone: '+86 138 0013 8000' });
    expect(offGrid).toMatchObject({ status: 400, json: { error: { field: 'at' } } });

    const live = nextEvent(me.tab, 'callback:changed');
    const due = nextEvent(me.tab, 'callback:due', 10_000);
    const booked = await customer.client.post('/api/callbacks', { at: second, phone: '+86 138 0013 8000', note: 'evening is best' });
    expect(booked.status).toBe(201);
    expect(booked.json.callback).toMatchObject({ at: second, status: 'booked', note: 'evening is best' });
    expect(await live).toMatchObject({ id: booked.json.callback.id, customer: { name: 'Li Lei' } });
    expect(await due).toMatchObject({ id: booked.json.callback.id });

    const other = await s.customerOf('Han Meimei', 'caller');
    const twice = await other.client.post('/api/callbacks', { at: second, phone: '+86 139 0000 0000' });
    expect(twice).toMatchObject({ status: 409, json: { error: { code: 'conflict', field: 'at' } } });

    const upcoming = await me.client.get('/api/agent/callbacks');
    expect(upcoming.json.callbacks.map((c: { id: string }) => c.id)).toEqual([booked.json.callback.id]);
    const mine = await customer.client.get('/api/callbacks');
    expect(mine.json.callbacks).toHaveLength(1);

    // The customer's page hears the agent close it, with the note.
    const page = s.socket({ cookie: customer.client.cookieHeader() });
    await connected(page);
    const closed = nextEvent(page, 'callback:changed');
    const outcome = await me.client.post(`/api/agent/callbacks/${booked.json.callback.id}/outcome`, { outcome: 'done', note: 'Sorted, thanks' });
    expect(outcome.status).toBe(200);
    expect(await closed).toMatchObject({ status: 'done', agentNote: 'Sorted, thanks' });
    const bad = await me.client.post(`/api/agent/callbacks/${booked.json.callback.id}/outcome`, { outcome: 'maybe' });
    expect(bad.status).toBe(400);

    // Reminded once: the sweep ran many times since (every 200 ms), the stored time says it was sent.
    const row = await server.db.callback.findUniqueOrThrow({ where: { id: booked.json.callback.id } });
    expect(row.remindedAt).not.toBeNull();
    expect(server.logs.join('').match(/callback reminders sent/g)).toHaveLength(1);
  });

  it('a customer without an agent is told to choose one first; an agent’s token cannot book', async () => {
    const c = (await import('../helpers/server.ts')).createClient(server.url);
    await c.post('/api/customers', { name: 'Nobody', email: 'nobody@example.com' });
    const res = await c.get('/api/callbacks/slots');
    expect(res).toMatchObject({ status: 409, json: { error: { code: 'no_binding' } } });
    const anon = (await import('../helpers/server.ts')).createClient(server.url);
    expect((await anon.post('/api/callbacks', { at: new Date().toISOString() })).status).toBe(401);
  });
});
