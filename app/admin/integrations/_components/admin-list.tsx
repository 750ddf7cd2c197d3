'use client';

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../../_components/api';

export type ListLoad<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: T[] };

/**
 * A panel's list on /admin/integrations: loaded once (and again on `load`), with its loading and error
 * states, and `failed` turning a failure into words — a 401 (the admin's session ended) reported to the
 * page first. `ns` is the panel's messages (`errors.network`, `errors.generic`).
 */
export const useAdminList = <T,>(opts: { url: string; key: string; ns: string; onExpired: () => void }) => {
  const t = useTranslations(opts.ns);
  const { url, key, onExpired } = opts;
  const [state, setState] = useState<ListLoad<T>>({ kind: 'loading' });

  const failed = useCallback(
    (err: unknown): string => {
      if (err instanceof ApiFailure && err.status === 401) onExpired();
      if (err instanceof ApiFailure && err.status === 0) return t('errors.network');
      return t('errors.generic');
    },
    [onExpired, t],
  );

  const load = useCallback(async () => {
    try {
      const body = await api<Record<string, T[]>>(url);
      setState({ kind: 'ready', items: body[key] ?? [] });
    } catch (err) {
      setState({ kind: 'error', message: failed(err) });
    }
  }, [url, key, failed]);

  useEffect(() => {
    void load();
  }, [load]);

  return { state, load, failed };
};

/** The list's loading, error and empty states; `children` renders the rows when there are some. */
export function ListStates<T>({ state, loading, empty, emptyTestId, children }: { state: ListLoad<T>; loading: string; empty: string; emptyTestId: string; children: (items: T[]) => ReactNode }) {
  if (state.kind === 'loading') return <p className="muted">{loading}</p>;
  if (state.kind === 'error')
    return (
      <p className="error" role="alert">
        {state.message}
      </p>
    );
  if (!state.items.length)
    return (
      <p className="muted" data-testid={emptyTestId}>
        {empty}
      </p>
    );
  return <>{children(state.items)}</>;
}
