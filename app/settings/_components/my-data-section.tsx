'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { PERSIST_KEY } from '@/stores/customer/persisted.ts';
import { api } from '../../_components/api';
import styles from './privacy.module.css';

/**
 * "Your data": download everything stored about me, or erase it. Erasing asks first, in words that say
 * what goes, what stays and that it cannot be undone; afterwards this device forgets what it saved and
 * the app starts from its first screen.
 */
export function MyDataSection() {
  const t = useTranslations('privacy.data');
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [failed, setFailed] = useState(false);

  const erase = async () => {
    setDeleting(true);
    setFailed(false);
    try {
      await api('/api/customers/me', { method: 'DELETE' });
    } catch {
      setDeleting(false);
      setFailed(true);
      return;
    }
    try {
      window.localStorage.removeItem(PERSIST_KEY);
    } catch {
      // storage blocked: the app finds no session and starts clean anyway
    }
    window.location.replace('/');
  };

  return (
    <section className="card" aria-labelledby="data-heading" data-testid="my-data">
      <h2 id="data-heading">{t('title')}</h2>
      <div className="stack">
        <a className={`button ${styles.download}`} href="/api/customers/me/export" download data-testid="download-data">
          {t('download')}
        </a>
        <p className="field-hint">{t('downloadHint')}</p>
      </div>
      {!confirming && (
        <div className="stack">
          <button type="button" className={styles.dangerOutline} onClick={() => setConfirming(true)} data-testid="delete-data">
            {t('delete')}
          </button>
          <p className="field-hint">{t('deleteHint')}</p>
        </div>
      )}
      {confirming && (
        <div className={styles.confirm} role="group" aria-labelledby="erase-heading" data-testid="erase-confirm">
          <h3 id="erase-heading">{t('confirmTitle')}</h3>
          <h4>{t('erasedTitle')}</h4>
          <ul>
            <li>{t('erased1')}</li>
            <li>{t('erased2')}</li>
            <li>{t('erased3')}</li>
            <li>{t('erased4')}</li>
          </ul>
          <h4>{t('keptTitle')}</h4>
          <ul>
            <li>{t('kept1')}</li>
          </ul>
          <p className={styles.undo}>{t('undo')}</p>
          <p className="field-hint">{t('downloadFirst')}</p>
          {failed && (
            <p className="error" role="alert">
              {t('failed')}
            </p>
          )}
          <div className={styles.actions}>
            <button type="button" onClick={() => setConfirming(false)} disabled={deleting} autoFocus>
              {t('cancel')}
            </button>
            <button type="button" className={styles.danger} onClick={() => void erase()} disabled={deleting} data-testid="confirm-erase">
              {deleting ? t('deleting') : t('confirm')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
