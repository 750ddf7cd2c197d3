import type { CallbackView } from './callback-view.ts';

/** The facts the callbacks domain publishes (lib/events fans them out). */
export type CallbackEvents = {
  /** a callback was booked, moved or closed, or its agent is away at the time: both sides see it */
  callbackChanged(target: { agentId: string; customerId: string }, callback: CallbackView): void;
  /** a booked callback is due soon (sent once per booking time) */
  callbackDue(agentId: string, callback: CallbackView): void;
};
