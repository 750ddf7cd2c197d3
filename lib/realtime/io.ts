import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './events.ts';

/** The app's Socket.IO server, typed by the shared contract (events.ts). */
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** How long an agent's tab has to confirm an alert is on screen before we stop waiting for it. */
export const DELIVERY_ACK_TIMEOUT_MS = 10_000;
