/** A virtual gift from the gift ledger (no money involved). Sent on the wire as `gift:new`. */
export type GiftView = {
  id: string;
  giftId: string;
  name: string;
  nameZh: string;
  icon: string;
  points: number;
  note: string | null;
  agentId: string;
  customer: { id: string; name: string };
  createdAt: string;
};
