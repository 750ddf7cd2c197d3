import type { Gift } from '../../lib/gifts/catalogue.ts';
import type { RatingView } from '../../lib/realtime/events.ts';
import { toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { StoreError } from './types.ts';

export type { Gift, RatingView };

/** Ratings of resolved requests and gifts to my agent (issue 14). Not persisted: fetched when shown. */
export type FeedbackSlice = {
  gifts: Gift[] | null;
  giftsError: StoreError | null;
  /** my ratings by request id */
  ratings: Record<string, RatingView>;
  ratingsLoaded: boolean;
  loadGifts: () => Promise<void>;
  loadRatings: () => Promise<void>;
  /** null when saved; the error otherwise */
  rateRequest: (requestId: string, stars: number, comment?: string) => Promise<StoreError | null>;
  sendGift: (giftId: string, note?: string) => Promise<StoreError | null>;
};

export const createFeedbackSlice =
  (deps: CustomerStoreDeps): SliceCreator<FeedbackSlice> =>
  (set, get) => ({
    gifts: null,
    giftsError: null,
    ratings: {},
    ratingsLoaded: false,
    loadGifts: async () => {
      try {
        const { gifts } = await deps.api<{ gifts: Gift[] }>('/api/gifts');
        set({ gifts, giftsError: null });
      } catch (err) {
        set({ giftsError: toStoreError(err) });
      }
    },
    loadRatings: async () => {
      try {
        const { ratings } = await deps.api<{ ratings: RatingView[] }>('/api/me/ratings');
        set({ ratings: Object.fromEntries(ratings.map((r) => [r.requestId, r])), ratingsLoaded: true });
      } catch {
        // Without them the rate buttons still work; the server says if a request was rated already.
        set({ ratingsLoaded: true });
      }
    },
    rateRequest: async (requestId, stars, comment) => {
      try {
        const { rating } = await deps.api<{ rating: RatingView }>(`/api/service-requests/${encodeURIComponent(requestId)}/rating`, {
          method: 'POST',
          body: { stars, ...(comment?.trim() ? { comment: comment.trim() } : {}) },
        });
        set((s) => ({ ratings: { ...s.ratings, [requestId]: rating } }));
        void get().refreshBinding(); // the card's average changed
        return null;
      } catch (err) {
        return toStoreError(err);
      }
    },
    sendGift: async (giftId, note) => {
      try {
        await deps.api('/api/me/agent/gifts', { method: 'POST', body: { giftId, ...(note?.trim() ? { note: note.trim() } : {}) } });
        void get().refreshBinding(); // the card's gift totals changed
        return null;
      } catch (err) {
        return toStoreError(err);
      }
    },
  });
