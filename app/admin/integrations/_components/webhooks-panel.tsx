'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../../_components/api';
import type { DeliveryView, WebhookView } from '@/lib/webhooks/endpoints.ts';
import { WEBHOOK_EVENTS } from '@/lib/webhooks/events.ts';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; webhooks: WebhookView[] };

/** Webhook endpoints: add one (the secret shown once), switch one off, remove it, its delivery log. */
export function WebhooksPanel({ onExpired }: { onExpired: () => void }) {
  const t = useTranslations('adminIntegrations.webhooks');
  const [state, setState] = useState<Load>({ kind: 'loading' });
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);

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
      const { webhooks } = await api<{ webhooks: WebhookView[] }>('/api/admin/webhooks');
      setState({ kind: 'ready', webhooks });
    } catch (err) {
      setState({ kind: 'error', message: failed(err) });
    }
  }, [failed]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" aria-labelledby="webhooks-title" data-testid="webhooks">
      <h2 id="webhooks-title">{t('title')}</h2>
      <p className="muted">{t('lead')}</p>
      {secret && (
        <div className="notice-box stack" role="status" data-testid="webhook-secret">
          <p>{t('secretOnce', { url: secret.url })}</p>
          <textarea readOnly value={secret.secret} rows={2} aria-label={t('secretLabel')} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => setSecret(null)}>
            {t('secretDone')}
          </button>
        </div>
      )}
      {state.kind === 'loading' && <p className="muted">{t('loading')}</p>}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'ready' && state.webhooks.length === 0 && <p className="muted" data-testid="webhooks-empty">{t('empty')}</p>}
      {state.kind === 'ready' && state.webhooks.length > 0 && (
        <ul className="webhook-list">
          {state.webhooks.map((w) => (
            <WebhookItem key={w.id} webhook={w} onChanged={() => void load()} failed={failed} />
          ))}
        </ul>
      )}
      <AddWebhook
        failed={failed}
        onAdded={(w) => {
          setSecret({ url: w.url, secret: w.secret });
          void load();
        }}
      />
    </section>
  );
}

/** The server says why an address is refused in English (lib/webhooks/ssrf.ts); the page says it in the reader's language. */
const URL_REASONS: [RegExp, string][] = [
  [/https:\/\//, 'https'],
  [/private network|this machine/, 'private'],
  [/does not resolve/, 'resolve'],
  [/user name or password/, 'credentials'],
  [/too long/, 'long'],
];
const urlReason = (message: string) => URL_REASONS.find(([re]) => re.test(message))?.[1] ?? 'form';

const fieldError = (err: unknown) => (err instanceof ApiFailure && err.status === 400 && err.error.field ? err.error : null);

function AddWebhook({ onAdded, failed }: { onAdded: (w: WebhookView & { secret: string }) => void; failed: (err: unknown) => string }) {
  const t = useTranslations('adminIntegrations.webhooks');
  const [url, setUrl] = useState('');
  const [all, setAll] = useState(true);
  const [events, setEvents] = useState<string[]>([]);
  const [includeContact, setIncludeContact] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { webhook } = await api<{ webhook: WebhookView & { secret: string } }>('/api/admin/webhooks', { method: 'POST', body: { url, events: all ? ['*'] : events, includeContact } });
      setUrl('');
      setEvents([]);
      setAll(true);
      setIncludeContact(false);
      onAdded(webhook);
    } catch (err) {
      const f = fieldError(err);
      // The server's sentence names what is wrong with the address in words ("must start with https://").
      setError(f ? { field: f.field!.split('.')[0]!, message: f.field === 'url' ? t(`errors.urlReasons.${urlReason(f.message)}`) : t('errors.events') } : { field: null, message: failed(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack webhook-form" onSubmit={(e) => void submit(e)} noValidate data-testid="webhook-form">
      <h3>{t('add')}</h3>
      <label className="field">
        <span>{t('url')}</span>
        <input
          type="url"
          inputMode="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://crm.example.com/hooks/service"
          aria-invalid={error?.field === 'url'}
          aria-describedby={error?.field === 'url' ? 'webhook-url-error' : undefined}
          required
        />
      </label>
      {error?.field === 'url' && (
        <p className="field-error" id="webhook-url-error" role="alert">
          {error.message}
        </p>
      )}
      <fieldset className="webhook-events">
        <legend>{t('events')}</legend>
        <label className="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          {t('allEvents')}
        </label>
        {!all &&
          WEBHOOK_EVENTS.map((ev) => (
            <label className="check" key={ev}>
              <input type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))} />
              <code>{ev}</code>
            </label>
          ))}
      </fieldset>
      {error?.field === 'events' && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={includeContact} onChange={(e) => setIncludeContact(e.target.checked)} />
        {t('includeContact')}
      </label>
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

function WebhookItem({ webhook, onChanged, failed }: { webhook: WebhookView; onChanged: () => void; failed: (err: unknown) => string }) {
  const t = useTranslations('adminIntegrations.webhooks');
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A key, not a sentence: the words follow a change of language made after the click.
  const [note, setNote] = useState<'testSent' | null>(null);

  const act = async (fn: () => Promise<unknown>, done?: 'testSent') => {
    setError(null);
    try {
      await fn();
      if (done) setNote(done);
      onChanged();
    } catch (err) {
      setError(failed(err));
    }
  };

  return (
    <li className="webhook-item" data-testid="webhook">
      <div className="row wrap">
        <code className="webhook-url grow">{webhook.url}</code>
        <span className={`pill ${webhook.active ? 'pill-ok' : 'pill-off'}`}>{webhook.active ? t('active') : t('paused')}</span>
      </div>
      <p className="muted">
        {webhook.events.includes('*') ? t('allEvents') : webhook.events.join(', ')}
        {webhook.includeContact ? ` · ${t('withContact')}` : ''}
      </p>
      <div className="row wrap actions">
        <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="webhook-log-toggle">
          {open ? t('hideLog') : t('showLog')}
        </button>
        <button type="button" onClick={() => void act(() => api(`/api/admin/webhooks/${webhook.id}/test`, { method: 'POST' }), 'testSent')} data-testid="webhook-test">
          {t('sendTest')}
        </button>
        <button type="button" onClick={() => void act(() => api(`/api/admin/webhooks/${webhook.id}`, { method: 'PATCH', body: { active: !webhook.active } }))}>
          {webhook.active ? t('pause') : t('resume')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (window.confirm(t('confirmRemove', { url: webhook.url }))) void act(() => api(`/api/admin/webhooks/${webhook.id}`, { method: 'DELETE' }));
          }}
        >
          {t('remove')}
        </button>
      </div>
      {note && (
        <p className="notice-inline" role="status">
          {t(note)}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {open && <DeliveryLog webhookId={webhook.id} failed={failed} />}
    </li>
  );
}

function DeliveryLog({ webhookId, failed }: { webhookId: string; failed: (err: unknown) => string }) {
  const t = useTranslations('adminIntegrations.webhooks');
  const locale = useLocale();
  const [rows, setRows] = useState<DeliveryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso)) : '—');

  const load = useCallback(async () => {
    try {
      setRows((await api<{ deliveries: DeliveryView[] }>(`/api/admin/webhooks/${webhookId}/deliveries`)).deliveries);
      setError(null);
    } catch (err) {
      setError(failed(err));
    }
  }, [webhookId, failed]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);

  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!rows) return <p className="muted">{t('loading')}</p>;
  if (!rows.length) return <p className="muted">{t('noDeliveries')}</p>;
  return (
    <div className="table-scroll">
      <table className="delivery-log" data-testid="delivery-log">
        <caption className="visually-hidden">{t('logCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('col.time')}</th>
            <th scope="col">{t('col.event')}</th>
            <th scope="col">{t('col.status')}</th>
            <th scope="col">{t('col.attempts')}</th>
            <th scope="col">{t('col.answer')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-testid="delivery">
              <td>{when(d.lastAttemptAt ?? d.createdAt)}</td>
              <td>
                <code>{d.type}</code>
              </td>
              <td>
                <span className={`pill pill-${d.status}`}>{t(`status.${d.status}`)}</span>
                {d.status === 'pending' && d.nextAttemptAt && <span className="muted"> {t('nextAt', { at: when(d.nextAttemptAt) })}</span>}
              </td>
              <td data-label={t('col.attempts')}>{d.attempts}</td>
              <td data-label={t('col.answer')}>{d.lastStatusCode ?? (d.lastError ? t('noAnswer') : '—')}</td>
              <td>
                {d.status !== 'pending' && (
                  <button type="button" onClick={() => void api(`/api/admin/webhooks/${webhookId}/deliveries/${d.id}/resend`, { method: 'POST' }).then(load, (err) => setError(failed(err)))}>
                    {t('resend')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
