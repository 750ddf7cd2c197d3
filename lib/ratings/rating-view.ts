/** A customer's rating of a resolved request, as the rated agent sees it arrive (issue 14). Sent on the wire as `rating:new`. */
export type RatingView = {
  id: string;
  requestId: string;
  agentId: string;
  stars: number;
  comment: string | null;
  customer: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  /** the customer may change it until then */
  editableUntil: string;
  /** true when this replaces an earlier rating of the same request */
  edited: boolean;
};
