'use client';

import { useCallback, useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';
import styles from './privacy.module.css';

export type Device = { id: string; since: string; lastUsedAt: string; device: string | null; browser: string | null; os: string | null; current: boolean };

/** "Your devices": where this customer is signed in; any other device can be signed out from here. */
export function DevicesSection() {
  const t = useTranslations('privacy.devices');
  const locale = useLocale();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [busy, setBusy] = useState<string | null>(null);
  // The key, not the words: a language switched afterwards re-words what is shown.
  const [message, setMessage] = useState<'signedOut' | 'signOutFailed' | null>(null);

  const load = useCallback(() => {
    setState('loading');
    api<{ sessions: Device[] }>('/api/customers/me/sessions')
      .then(({ sessions }) => {
        setDevices(sessions);
        setState('ready');
      })
      .catch(() => setState('failed'));
  }, []);
  useEffect(load, [load]);

  // "Dec 7, 3:51 AM": the year only when it is not this one, so a line fits beside the button on a phone.
  const when = (iso: string) => {
    const d = new Date(iso);
    const year = d.getFullYear() !== new Date().getFullYear() ? { year: 'numeric' as const } : {};
    return new Intl.DateTimeFormat(locale, { ...year, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(d);
  };

  const signOut = async (id: string) => {
    setBusy(id);
    setMessage(null);
    try {
      await api(`/api/customers/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
      setDevices((list) => list?.filter((d) => d.id !== id) ?? null);
      setMessage('signedOut');
    } catch (err) {
      setMessage('signOutFailed');
      // Not a device of mine any more (signed out elsewhere, or renamed): show the list as it is now.
      if (err instanceof ApiFailure && err.status === 404) load();
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="devices-heading" data-testid="devices">
      <h2 id="devices-heading">{t('title')}</h2>
      <p className="field-hint">{t('intro')}</p>
      {state === 'loading' && <p className="muted">{t('loading')}</p>}
      {state === 'failed' && (
        <div className="row">
          <p className="error grow" role="alert">
            {t('failed')}
          </p>
          <button type="button" onClick={load}>
            {t('retry')}
          </button>
        </div>
      )}
      {state === 'ready' && devices && devices.length === 0 && <p className="muted">{t('empty')}</p>}
      {state === 'ready' && devices && devices.length > 0 && (
        <ul className={styles.list}>
          {devices.map((d) => (
            <li key={d.id} className={styles.device} data-testid="device" data-current={d.current}>
              <div className={styles.deviceText}>
                <span className={styles.deviceName}>
                  {/* Browser and system are names (Chrome, Android): the same in every language. */}
                  <span>{d.browser && d.os ? `${d.browser} · ${d.os}` : (d.browser ?? d.os ?? t('unknown'))}</span>
                  {d.current && <span className={styles.badge}>{t('thisDevice')}</span>}
                </span>
                <span className={styles.when}>{t('since', { date: when(d.since) })}</span>
                <span className={styles.when}>{t('lastUsed', { when: when(d.lastUsedAt) })}</span>
              </div>
              {!d.current && (
                <button type="button" className={styles.dangerOutline} disabled={busy !== null} onClick={() => void signOut(d.id)}>
                  {busy === d.id ? t('signingOut') : t('signOut')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className={`${message === 'signOutFailed' ? 'error' : 'ok'} ${styles.status}`} role="status">
        {message ? t(message) : ''}
      </p>
    </section>
  );
}
