import { create } from 'zustand';
import { laterStatus, needsAttention, type AgentStatus, type ConsoleRequest, type CustomerRead, type FeedbackItem, type FeedbackTotals, type GiftView, type Message, type MyCustomer, type RatingView, type SignedInAgent } from './types.ts';

/**
 * The agent console's one store, from slices. Client only. Requests are keyed by id, so an alert
 * delivered twice (reconnects, re-sends after a restart) shows once.
 */

type SessionSlice = {
  agent: SignedInAgent | null | undefined; // undefined = not known yet
  /** the session ended while working: ask to sign in again without clearing the screen */
  expired: boolean;
  connected: boolean;
  setAgent: (agent: SignedInAgent | null) => void;
  setExpired: (expired: boolean) => void;
  setConnected: (connected: boolean) => void;
  setStatus: (status: AgentStatus) => void;
};

type RequestsSlice = {
  requests: Record<string, ConsoleRequest>;
  order: string[];
  /** the first load of the list: a skeleton until it answers, an error with a retry if it fails */
  listState: 'loading' | 'ready' | 'error';
  setListState: (s: RequestsSlice['listState']) => void;
  /** the conversation open in the middle pane */
  selectedId: string | null;
  select: (id: string | null) => void;
  /** how far I have read each conversation (the newest customer words I opened, ISO time): the unread counts */
  read: Record<string, string>;
  /** moves the mark on, never back; true when it moved (then the server is told) */
  markRead: (id: string, upTo: string) => boolean;
  /** adds what is new; returns the ids that were not on screen before */
  upsertRequests: (incoming: ConsoleRequest[]) => string[];
  updateStatus: (id: string, status: ConsoleRequest['status']) => void;
  removeRequest: (id: string) => void;
  addMessage: (m: Message) => void;
  /** the customer's app received / showed my words further (`service-request:customer-read`); marks only move on */
  applyCustomerRead: (read: CustomerRead) => void;
  clearRequests: () => void;
};

type CustomersSlice = {
  customers: MyCustomer[] | null;
  setCustomers: (c: MyCustomer[]) => void;
};

type FeedbackSlice = {
  /** null until loaded */
  feedback: { totals: FeedbackTotals; items: FeedbackItem[] } | null;
  setFeedback: (totals: FeedbackTotals, ratings: RatingView[], gifts: GiftView[]) => void;
  /** a rating arrived live; a changed rating replaces the earlier one */
  addRating: (r: RatingView) => void;
  addGift: (g: GiftView) => void;
};

export type AgentConsoleState = SessionSlice & RequestsSlice & CustomersSlice & FeedbackSlice;

type Set = (fn: (s: AgentConsoleState) => Partial<AgentConsoleState>) => void;
type Get = () => AgentConsoleState;

const sessionSlice = (set: Set): SessionSlice => ({
  agent: undefined,
  expired: false,
  connected: false,
  setAgent: (agent) => set(() => ({ agent, expired: false })),
  setExpired: (expired) => set(() => ({ expired })),
  setConnected: (connected) => set(() => ({ connected })),
  setStatus: (status) => set((s) => (s.agent ? { agent: { ...s.agent, status } } : {})),
});

const laterMark = (a?: string | null, b?: string | null): string | null => (!a ? (b ?? null) : !b || a >= b ? a : b);

const byTime = (a: Message, b: Message) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** A reload and live events may each hold messages the other lacks: the union, once each, in order. */
const mergeThreads = (a?: Message[], b?: Message[]): Message[] | undefined => {
  if (!a || !b) return a ?? b;
  const byId = new Map([...a, ...b].map((m) => [m.id, m]));
  return [...byId.values()].sort(byTime);
};

const requestsSlice = (set: Set, get: Get): RequestsSlice => ({
  requests: {},
  order: [],
  listState: 'loading',
  setListState: (listState) => set(() => ({ listState })),
  selectedId: null,
  select: (selectedId) => set(() => ({ selectedId })),
  read: {},
  markRead: (id, upTo) => {
    const known = get().read[id];
    if (known && known >= upTo) return false;
    set((s) => ({ read: { ...s.read, [id]: upTo } }));
    return true;
  },
  upsertRequests: (incoming) => {
    const fresh = incoming.filter((r) => !get().requests[r.id]).map((r) => r.id);
    set((s) => {
      const requests = { ...s.requests };
      for (const r of incoming) {
        const known = requests[r.id];
        requests[r.id] = known
          ? {
              ...known,
              ...r,
              status: laterStatus(known.status, r.status),
              messages: mergeThreads(known.messages, r.messages),
              // A list that left before a live mark arrived does not move it back.
              customerDeliveredUpTo: laterMark(known.customerDeliveredUpTo, r.customerDeliveredUpTo),
              customerReadUpTo: laterMark(known.customerReadUpTo, r.customerReadUpTo),
            }
          : r;
      }
      const order = Object.values(requests)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((r) => r.id);
      // How far I had read, as the server keeps it: the counts survive a reload and follow my other tabs.
      const read = { ...s.read };
      for (const r of incoming) if (r.readUpTo && !(read[r.id] && read[r.id]! >= r.readUpTo)) read[r.id] = r.readUpTo;
      return { requests, order, read };
    });
    return fresh;
  },
  updateStatus: (id, status) =>
    set((s) => {
      const r = s.requests[id];
      if (!r) return {};
      const next = laterStatus(r.status, status);
      const resolvedAt = next === 'resolved' ? (r.resolvedAt ?? new Date().toISOString()) : r.resolvedAt;
      return { requests: { ...s.requests, [id]: { ...r, status: next, resolvedAt } } };
    }),
  removeRequest: (id) =>
    set((s) => {
      const { [id]: _gone, ...requests } = s.requests;
      return { requests, order: s.order.filter((x) => x !== id), selectedId: s.selectedId === id ? null : s.selectedId };
    }),
  addMessage: (m) =>
    set((s) => {
      const r = s.requests[m.requestId];
      if (!r || r.messages?.some((x) => x.id === m.id)) return {};
      // Live events and a reload after a reconnect can interleave: the thread is kept in its stored order.
      return { requests: { ...s.requests, [m.requestId]: { ...r, messages: [...(r.messages ?? []), m].sort(byTime) } } };
    }),
  applyCustomerRead: ({ id, deliveredUpTo, readUpTo }) =>
    set((s) => {
      const r = s.requests[id];
      if (!r) return {};
      return {
        requests: {
          ...s.requests,
          [id]: { ...r, customerDeliveredUpTo: laterMark(r.customerDeliveredUpTo, deliveredUpTo), customerReadUpTo: laterMark(r.customerReadUpTo, readUpTo) },
        },
      };
    }),
  clearRequests: () => set(() => ({ requests: {}, order: [], selectedId: null, read: {}, listState: 'loading' })),
});

const customersSlice = (set: Set): CustomersSlice => ({
  customers: null,
  setCustomers: (customers) => set(() => ({ customers })),
});

const MAX_FEEDBACK_ITEMS = 50;
const byNewest = (a: FeedbackItem, b: FeedbackItem) => (a.kind === 'rating' ? a.updatedAt : a.createdAt) < (b.kind === 'rating' ? b.updatedAt : b.createdAt) ? 1 : -1;

const feedbackSlice = (set: Set): FeedbackSlice => ({
  feedback: null,
  setFeedback: (totals, ratings, gifts) =>
    set(() => ({
      feedback: {
        totals,
        items: [...ratings.map((r) => ({ kind: 'rating' as const, ...r })), ...gifts.map((g) => ({ kind: 'gift' as const, ...g }))].sort(byNewest).slice(0, MAX_FEEDBACK_ITEMS),
      },
    })),
  addRating: (r) =>
    set((s) => {
      const totals = s.feedback?.totals ?? { rating: { average: null, count: 0 }, gifts: { count: 0, points: 0 } };
      const items = s.feedback?.items ?? [];
      const earlier = items.find((i): i is FeedbackItem & { kind: 'rating' } => i.kind === 'rating' && i.id === r.id);
      if (earlier && earlier.updatedAt >= r.updatedAt) return {};
      // Totals follow the change locally; the next reload brings the server's figures.
      const count = totals.rating.count + (earlier || r.edited ? 0 : 1);
      const sum = (totals.rating.average ?? 0) * totals.rating.count - (earlier?.stars ?? 0) + r.stars;
      return {
        feedback: {
          totals: { ...totals, rating: { count, average: count ? Math.round((sum / count) * 10) / 10 : null } },
          items: [{ kind: 'rating' as const, ...r }, ...items.filter((i) => !(i.kind === 'rating' && i.id === r.id))].slice(0, MAX_FEEDBACK_ITEMS),
        },
      };
    }),
  addGift: (g) =>
    set((s) => {
      const items = s.feedback?.items ?? [];
      if (items.some((i) => i.kind === 'gift' && i.id === g.id)) return {};
      const totals = s.feedback?.totals ?? { rating: { average: null, count: 0 }, gifts: { count: 0, points: 0 } };
      return {
        feedback: {
          totals: { ...totals, gifts: { count: totals.gifts.count + 1, points: totals.gifts.points + g.points } },
          items: [{ kind: 'gift' as const, ...g }, ...items].slice(0, MAX_FEEDBACK_ITEMS),
        },
      };
    }),
});

export const createAgentConsoleStore = () =>
  create<AgentConsoleState>()((set, get) => ({ ...sessionSlice(set), ...requestsSlice(set, get), ...customersSlice(set), ...feedbackSlice(set) }));

export const useAgentConsole = createAgentConsoleStore();

/** How many requests still wait for this agent (the tab title count and the reminder). */
export const selectWaitingCount = (s: AgentConsoleState): number => s.order.filter((id) => needsAttention(s.requests[id]!)).length;
