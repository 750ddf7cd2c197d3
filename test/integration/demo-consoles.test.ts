import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connected, eventually, nextEvent, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue 23, the server's side of the rule, with a stand-in demo console that confirms every alert and
// never steps aside on its own (the real crowd does; the rule must hold without its good manners):
// a demo console never confirms an alert while a console of the real person is connected, or within
// the presence grace after the last one left — a restart of the server included.
const GRACE_MS = 3_000;
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);
const opened: Socket[] = [];
afterEach(() => {
  s.closeAll();
  opened.splice(0).forEach((x) => x.disconnect());
});
afterAll(() => server?.stop());

/** A console that says it is the demo crowd's, and confirms whatever it is shown. */
const demoConsole = (token: string) => {
  const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token, demo: true } });
  opened.push(socket);
  const got: string[] = [];
  socket.on('service-request:new', (alert: { id: string }, received: (v: boolean) => void) => {
    got.push(alert.id);
    received(true);
  });
  return { socket, got };
};
const refusal = (socket: Socket) =>
  new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
const status = async (id: string) => (await server.db.serviceRequest.findUniqueOrThrow({ where: { id } })).status;

describe('a demo console stands in only while the real person is not there', () => {
  it('gets no alert while the person is connected or within the grace, is refused then, and works after it', async () => {
    server = await startServer({ env: { PRESENCE_GRACE_MS: String(GRACE_MS), SWEEP_INTERVAL_MS: '200' } });
    await s.agent('stand.in', 90);
    const demoToken = (await s.signIn('stand.in')).token;

    // Nobody else there: the demo console connects and is counted as a demo connection.
    const demo = demoConsole(demoToken);
    await connected(demo.socket);
    await eventually(async () => (await server.db.agentConnection.count({ where: { demo: true } })) === 1);

    // The real person signs in: the demo is asked to yield; this one stays, but is left out of alerts.
    const person = await s.signIn('stand.in');
    const tab = s.socket({ token: person.token });
    const yielded = nextEvent(demo.socket, 'demo:yield');
    const seenByPerson = s.recordAlerts(tab, false); // on screen but not confirmed: the request stays pending
    await connected(tab);
    await yielded;
    const customer = await s.customerOf('Stand In Customer', 'stand.in');
    const first = (await customer.send('While the person is here')).json.request.id as string;
    await eventually(async () => seenByPerson.includes(first));
    await new Promise((r) => setTimeout(r, 500));
    expect(demo.got).toEqual([]);
    expect(await status(first)).toBe('pending');

    // The person leaves; within the grace a new demo console is refused and no alert reaches the old one.
    tab.disconnect();
    const left = Date.now();
    const second = (await customer.send('Just after the person left')).json.request.id as string;
    const late = demoConsole(demoToken);
    expect(await refusal(late.socket)).toBe('demo_yield');
    while (Date.now() - left < GRACE_MS - 400) {
      expect(demo.got).toEqual([]);
      expect([await status(first), await status(second)]).toEqual(['pending', 'pending']);
      await new Promise((r) => setTimeout(r, 150));
    }

    // After the grace the demo may work: a fresh demo console is let in and confirms what waited.
    await new Promise((r) => setTimeout(r, Math.max(0, GRACE_MS - (Date.now() - left)) + 100));
    const after = demoConsole(demoToken);
    expect(await refusal(after.socket)).toBe('connected');
    await eventually(async () => after.got.includes(first) && after.got.includes(second));
    await eventually(async () => (await status(first)) === 'delivered' && (await status(second)) === 'delivered');
  }, 60_000);

  it('after a restart, the demo is refused until the person who was connected had the grace to come back', async () => {
    await server?.stop();
    server = await startServer({ env: { PRESENCE_GRACE_MS: '60000', SWEEP_INTERVAL_MS: '200' } });
    await s.agent('restarted', 90);
    const person = await s.online('restarted');
    const demoToken = (await s.signIn('restarted')).token;
    expect(await refusal(demoConsole(demoToken).socket)).toBe('demo_yield');

    // The server restarts (clean shutdown hands the connections over) and the demo is quicker than the person.
    const { dir, dbUrl } = server;
    expect(await server.terminate()).toBe(0);
    await server.db.$disconnect();
    server = await startServer({ dir, dbUrl, env: { PRESENCE_GRACE_MS: '60000', SWEEP_INTERVAL_MS: '200' } });
    expect(await refusal(demoConsole(demoToken).socket)).toBe('demo_yield');

    // The person's console comes back and gets what is waiting; the demo still is not let in.
    const tab = s.socket({ token: person.token });
    const seen = s.recordAlerts(tab);
    await connected(tab);
    const customer = await s.customerOf('Restart Customer', 'restarted');
    const id = (await customer.send('After the restart')).json.request.id as string;
    await eventually(async () => seen.includes(id));
    expect(await refusal(demoConsole(demoToken).socket)).toBe('demo_yield');
    expect(await server.db.agentConnection.count({ where: { demo: true } })).toBe(0);
  }, 90_000);
});
