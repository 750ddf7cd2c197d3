/**
 * The framework's floor for `npm run bench:web`: the same layout and build as the customer page,
 * with no client component of its own. Not linked, not precached, shows no data.
 */
export function BarePage() {
  return <p>bare</p>;
}
