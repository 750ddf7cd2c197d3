import type { GiftView } from './gift-view.ts';

/** The facts the gifts domain publishes (lib/events fans them out). */
export type GiftEvents = {
  /** a customer sent this agent a gift */
  giftReceived(agentId: string, gift: GiftView): void;
};
