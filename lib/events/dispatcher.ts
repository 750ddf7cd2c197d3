import { EVENT_NAMES, type Listener, type Notifier } from './types.ts';

/**
 * Hands every published event to each listener that handles it, in the order given (realtime first,
 * then mail and push): one place to add a consumer, none to edit.
 */
export const createDispatcher = (listeners: Listener[]): Notifier => {
  const dispatcher: Record<string, (...args: never[]) => void> = {};
  for (const name of EVENT_NAMES) {
    const handlers = listeners.map((l) => l[name] as ((...args: never[]) => void) | undefined).filter((h) => h !== undefined);
    dispatcher[name] = (...args) => {
      for (const h of handlers) h(...args);
    };
  }
  return dispatcher as unknown as Notifier;
};

/** Publishes to nobody: scripts and tests that do not listen. */
export const silentNotifier: Notifier = {
  alertAgent: () => {},
  requestHeld: () => {},
  updateRequest: () => {},
  withdrawFromAgent: () => {},
  messageAdded: () => {},
  threadRead: () => {},
  customerRead: () => {},
  agentPresence: () => {},
  someoneAvailable: () => {},
  bindingChanged: () => {},
  handoverChanged: () => {},
  ratingAdded: () => {},
  giftReceived: () => {},
  callbackChanged: () => {},
  callbackDue: () => {},
};

// server.ts and the route handlers are bundled apart; the process shares one dispatcher through globalThis.
const holder = globalThis as unknown as { __notifier?: Notifier };

export const setNotifier = (n: Notifier): void => {
  holder.__notifier = n;
};

export const getNotifier = (): Notifier => holder.__notifier ?? silentNotifier;
