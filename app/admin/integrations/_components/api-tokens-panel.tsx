'use client';

import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../../_components/api';
import type { ApiTokenView } from '@/lib/credentials/api-tokens.ts';
import { API_SCOPES, type ApiScope } from '@/lib/credentials/api-scopes.ts';
import { copyText } from '../../_components/copy-text';
import { ListStates, useAdminList } from './admin-list';

/** API tokens for the shop's servers (/api/v1): make one (shown once), see when each was last used, revoke. */
export function ApiTokensPanel({ onExpired }: { onExpired: () => void }) {
  const t = useTranslations('adminIntegrations.apiTokens');
  const { state, load, failed } = useAdminList<ApiTokenView>({ url: '/api/admin/api-tokens', key: 'apiTokens', ns: 'adminIntegrations.apiTokens', onExpired });
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);

  return (
    <section className="card" aria-labelledby="api-tokens-title" data-testid="api-tokens">
      <h2 id="api-tokens-title">{t('title')}</h2>
      <p className="muted">{t('lead')}</p>
      {shown && <ShownOnce name={shown.name} token={shown.token} onDone={() => setShown(null)} />}
      <ListStates state={state} loading={t('loading')} empty={t('empty')} emptyTestId="api-tokens-empty">
        {(items) => (
          <ul className="webhook-list">
            {items.map((tk) => (
              <TokenItem key={tk.id} token={tk} onChanged={() => void load()} failed={failed} />
            ))}
          </ul>
        )}
      </ListStates>
      <AddToken
        failed={failed}
        onAdded={(name, token) => {
          setShown({ name, token });
          void load();
        }}
      />
    </section>
  );
}

function ShownOnce({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const t = useTranslations('adminIntegrations.apiTokens');
  const [copied, setCopied] = useState(false);
  const copy = async () => setCopied(await copyText(token, 'api-token-value'));
  return (
    <div className="notice-box stack" role="status" data-testid="api-token-shown">
      <p>{t('shownOnce', { name })}</p>
      <textarea id="api-token-value" className="token-value" readOnly value={token} rows={2} aria-label={t('tokenLabel')} onFocus={(e) => e.currentTarget.select()} />
      <div className="row wrap actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? t('copied') : t('copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('done')}
        </button>
      </div>
    </div>
  );
}

function AddToken({ onAdded, failed }: { onAdded: (name: string, token: string) => void; failed: (err: unknown) => string }) {
  const t = useTranslations('adminIntegrations.apiTokens');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'name' | 'scopes' | null; message: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const made = await api<{ token: string; apiToken: { name: string } }>('/api/admin/api-tokens', { method: 'POST', body: { name, scopes } });
      setName('');
      setScopes([]);
      onAdded(made.apiToken.name, made.token);
    } catch (err) {
      const field = err instanceof ApiFailure && err.status === 400 ? err.error.field?.split('.')[0] : undefined;
      if (field === 'name') setError({ field, message: t('errors.name') });
      else if (field === 'scopes') setError({ field, message: t('errors.scopes') });
      else setError({ field: null, message: failed(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack webhook-form" onSubmit={(e) => void submit(e)} noValidate data-testid="api-token-form">
      <h3>{t('add')}</h3>
      <label className="field">
        <span>{t('name')}</span>
        <input
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('namePlaceholder')}
          aria-invalid={error?.field === 'name'}
          aria-describedby={error?.field === 'name' ? 'api-token-name-error' : undefined}
          required
        />
      </label>
      {error?.field === 'name' && (
        <p className="field-error" id="api-token-name-error" role="alert">
          {error.message}
        </p>
      )}
      <fieldset className="webhook-events scope-list">
        <legend>{t('scopes')}</legend>
        {API_SCOPES.map((s) => (
          <label className="check scope-check" key={s}>
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))} />
            <span>
              <code>{s}</code>
              <small>{t(`scope.${s.split(':')[0] as 'requests'}`)}</small>
            </span>
          </label>
        ))}
      </fieldset>
      {error?.field === 'scopes' && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {error && !error.field && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('adding') : t('addButton')}
      </button>
    </form>
  );
}

function TokenItem({ token, onChanged, failed }: { token: ApiTokenView; onChanged: () => void; failed: (err: unknown) => string }) {
  const t = useTranslations('adminIntegrations.apiTokens');
  const locale = useLocale();
  const [error, setError] = useState<string | null>(null);
  const when = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  const revoke = async () => {
    if (!window.confirm(t('confirmRevoke', { name: token.name }))) return;
    setError(null);
    try {
      await api(`/api/admin/api-tokens/${token.id}`, { method: 'DELETE' });
      onChanged();
    } catch (err) {
      setError(failed(err));
    }
  };

  return (
    <li className="webhook-item" data-testid="api-token">
      <div className="row wrap">
        <strong className="grow">{token.name}</strong>
        <span className={`pill ${token.revokedAt ? 'pill-off' : 'pill-ok'}`}>{token.revokedAt ? t('revoked') : t('active')}</span>
      </div>
      <p className="muted">
        <code>{token.scopes.join(' ')}</code>
      </p>
      <p className="muted" data-testid="api-token-used">
        {t('created', { at: when(token.createdAt) })} · {token.lastUsedAt ? t('lastUsed', { at: when(token.lastUsedAt) }) : t('neverUsed')}
        {token.revokedAt ? ` · ${t('revokedAt', { at: when(token.revokedAt) })}` : ''}
      </p>
      {!token.revokedAt && (
        <div className="row wrap actions">
          <button type="button" className="danger" onClick={() => void revoke()}>
            {t('revoke')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
