/** Every event a webhook endpoint can follow (issue 29); an endpoint lists some, or ["*"] for all. */
export const WEBHOOK_EVENTS = [
  'request.created',
  'request.routed',
  'request.acknowledged',
  'request.resolved',
  'message.created',
  'rating.created',
  'gift.created',
  'binding.created',
  'binding.ended',
  'callback.booked',
  'callback.changed',
  'agent.presence_changed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The event "send a test event" delivers (only to the endpoint it was asked for). */
export const TEST_EVENT = 'webhook.test';

export const wantsEvent = (events: readonly string[], type: string): boolean => events.includes('*') || events.includes(type);
