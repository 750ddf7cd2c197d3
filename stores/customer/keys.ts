/**
 * A fresh Idempotency-Key. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost);
 * a phone trying the app over plain HTTP on a LAN still needs keys, so fall back to random bytes.
 */
export const newIdempotencyKey = (): string => {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};
