// Issue 25: the app opened with a way in — the shop's signed identity (`?identity=`), a handoff code
// from another device's QR (`?handoff=`) or a mailed sign-in link (`?signin=`). The credential leaves
// the address bar and the history at once (it must not be bookmarked, shared or shown again), then is
// exchanged for a session; what happened is told in words (account.notice.*).

export type SignInLink = { via: 'identity'; token: string } | { via: 'code'; code: string };

export type AccountNotice = {
  kind: 'signedIn' | 'tookAgent' | 'keptTheirs' | 'identityFailed' | 'codeFailed' | 'offline';
  count?: number;
};

type Merged = { kind: 'took_agent' | 'same_agent' | 'kept_theirs' | 'none'; movedRequests: number } | null;
type Api = <T>(path: string, init?: { method?: string; body?: unknown }) => Promise<T>;

/** Reads the credential from the address and removes it (replaceState: no history entry keeps it). */
export const takeSignInLink = (win: Pick<Window, 'location' | 'history'>): SignInLink | null => {
  const url = new URL(win.location.href);
  const identity = url.searchParams.get('identity');
  const code = url.searchParams.get('handoff') ?? url.searchParams.get('signin');
  if (!identity && !code) return null;
  for (const p of ['identity', 'handoff', 'signin']) url.searchParams.delete(p);
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return identity ? { via: 'identity', token: identity } : { via: 'code', code: code! };
};

/** Exchanges it for a session (the answer sets the cookie) and says what happened. */
export const exchangeSignInLink = async (api: Api, link: SignInLink): Promise<AccountNotice> => {
  try {
    const { merged } =
      link.via === 'identity'
        ? await api<{ merged: Merged }>('/api/customers/identify', { method: 'POST', body: { token: link.token } })
        : await api<{ merged: Merged }>('/api/customers/handoff', { method: 'POST', body: { code: link.code } });
    if (merged?.kind === 'kept_theirs') return { kind: 'keptTheirs', count: merged.movedRequests };
    if (merged?.kind === 'took_agent') return { kind: 'tookAgent' };
    return { kind: 'signedIn' };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 0) return { kind: 'offline' };
    return { kind: link.via === 'identity' ? 'identityFailed' : 'codeFailed' };
  }
};
