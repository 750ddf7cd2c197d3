/**
 * Every domain event, named in one place (the model: Chatwoot's lib/events/types.rb). Each domain
 * declares the facts it publishes, with its own view, in its own `events.ts`; this file only puts
 * them together. Domain code never imports from here: it publishes through the slice it declares
 * (`notify: RatingEvents`), and whatever wires the process hands it the dispatcher.
 */
import type { AgentEvents } from '../agents/events.ts';
import type { SessionEvents } from '../credentials/events.ts';
import type { BindingEvents } from '../binding/events.ts';
import type { CallbackEvents } from '../callbacks/events.ts';
import type { GiftEvents } from '../gifts/events.ts';
import type { RatingEvents } from '../ratings/events.ts';
import type { RequestEvents } from '../requests/events.ts';

export type DomainEvents = RequestEvents & AgentEvents & SessionEvents & BindingEvents & RatingEvents & GiftEvents & CallbackEvents;

/** The port the domain publishes through: one method per event. The dispatcher implements it; tests pass a recorder. */
export type Notifier = DomainEvents;

export type EventName = keyof DomainEvents;

/** A consumer (realtime, mail, push; later webhooks) handles the events it cares for and ignores the rest. */
export type Listener = Partial<DomainEvents>;

/** Every event, in one list: the dispatcher fans out exactly these (the check below keeps it complete). */
export const EVENT_NAMES = [
  'alertAgent',
  'requestHeld',
  'updateRequest',
  'withdrawFromAgent',
  'messageAdded',
  'threadRead',
  'customerRead',
  'agentPresence',
  'someoneAvailable',
  'endSessions',
  'bindingChanged',
  'handoverChanged',
  'ratingAdded',
  'giftReceived',
  'callbackChanged',
  'callbackDue',
] as const satisfies readonly EventName[];

// A new event declared by a domain but missing above fails to compile here.
type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const complete: Missing extends never ? true : Missing = true;
void complete;
