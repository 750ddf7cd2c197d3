/**
 * Overload is refused early: past `maxInFlight` API requests being worked on at once, a new one is
 * answered 503 with Retry-After at once instead of queueing behind the others for seconds. Nothing
 * refused was stored (the handler never ran), so the client retries it with the same Idempotency-Key.
 */
export type Admission = { tryEnter: () => boolean; leave: () => void; inFlight: () => number; refused: () => number };

export const createAdmission = (maxInFlight: number): Admission => {
  let current = 0;
  let refusals = 0;
  return {
    tryEnter: () => {
      if (current >= maxInFlight) {
        refusals++;
        return false;
      }
      current++;
      return true;
    },
    leave: () => {
      current = Math.max(0, current - 1);
    },
    inFlight: () => current,
    refused: () => refusals,
  };
};

export const RETRY_AFTER_SECONDS = 1;

export const OVERLOADED_BODY = JSON.stringify({
  error: { code: 'overloaded', message: 'We are very busy right now. Your request was not taken; please try again in a moment.' },
});
