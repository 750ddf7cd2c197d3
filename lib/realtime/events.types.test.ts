import { describe, expectTypeOf, it } from 'vitest';
import type { AgentPresenceView, ClientSocket, RequestMessageView, ServerToClientEvents, ServiceRequestAlert, ServiceRequestUpdate, WorkAnswer, WorkEvent } from './events.ts';
import type { RealtimeServer } from './io.ts';

// These two are never called: they are here for tsc (`npm run typecheck`), which checks every
// `@ts-expect-error` below. Rename an event in events.ts and the side still using the old name stops
// compiling — the server's emits and handlers as much as the browser's listeners and emits.

const serverSide = (io: RealtimeServer) => {
  io.to('agent:a').emit('service-request:update', { id: 'r', status: 'resolved' });
  // @ts-expect-error renamed: the browser listens for 'service-request:update'
  io.to('agent:a').emit('service-request:updated', { id: 'r', status: 'resolved' });
  // @ts-expect-error a payload that is not the event's
  io.to('agent:a').emit('gift:new', { id: 'r', status: 'resolved' });
  io.on('connection', (socket) => {
    socket.on('service-request:ack', (body, answer) => answer({ ok: true, request: { id: body.id, status: 'acknowledged' } }));
    // @ts-expect-error renamed: the browser sends 'service-request:ack'
    socket.on('service-request:acknowledge', () => {});
    // @ts-expect-error the answer must be an AckResult of the request
    socket.on('service-request:resolve', (_body, answer) => answer({ done: true }));
  });
};

const browserSide = (socket: ClientSocket) => {
  socket.on('service-request:new', (alert, received) => {
    expectTypeOf(alert).toEqualTypeOf<ServiceRequestAlert>();
    received(true);
  });
  socket.on('agent:presence', (p) => expectTypeOf(p).toEqualTypeOf<AgentPresenceView>());
  // @ts-expect-error renamed: the server sends 'service-request:new'
  socket.on('service-request:created', () => {});
  socket.emit('agents:watch', { on: true });
  // @ts-expect-error renamed: the server handles 'agents:watch'
  socket.emit('agents:wait', { on: true });
  // @ts-expect-error a body that is not the event's
  socket.emit('agents:watch', { on: 'yes' });
};

describe('the socket event map (lib/realtime/events.ts)', () => {
  it('types the server and the browser from one map', () => {
    expectTypeOf(serverSide).toBeFunction();
    expectTypeOf(browserSide).toBeFunction();
    expectTypeOf<Parameters<ServerToClientEvents['service-request:update']>[0]>().toEqualTypeOf<ServiceRequestUpdate>();
    expectTypeOf<WorkEvent>().toEqualTypeOf<'service-request:ack' | 'service-request:resolve' | 'service-request:decline' | 'service-request:reply' | 'service-request:read'>();
    expectTypeOf<Extract<WorkAnswer<'service-request:reply'>, { ok: true }>['request']>().toEqualTypeOf<RequestMessageView>();
  });
});
