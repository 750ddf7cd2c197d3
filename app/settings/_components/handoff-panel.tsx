'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';

type Handoff = { code: string; url: string; expiresAt: string; qrSvg: string };

/**
 * "Use on another device" (issue 25): a one-time code as a QR code to scan and a link to copy, with
 * the minutes it is still good for. The QR is drawn by the server as SVG: no extra JavaScript here.
 */
export function HandoffPanel() {
  const t = useTranslations('account.handoff');
  const [handoff, setHandoff] = useState<Handoff | null>(null);
  const [state, setState] = useState<'idle' | 'making' | 'failed' | 'no-customer'>('idle');
  const [now, setNow] = useState(() => Date.now());
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!handoff) return;
    const timer = window.setInterval(() => setNow(Date.now()), 5_000);
    return () => window.clearInterval(timer);
  }, [handoff]);

  const make = async () => {
    setState('making');
    setCopied(false);
    try {
      setHandoff(await api<Handoff>('/api/customers/me/handoff', { method: 'POST' }));
      setNow(Date.now());
      setState('idle');
    } catch (err) {
      setState(err instanceof ApiFailure && err.status === 401 ? 'no-customer' : 'failed');
    }
  };

  const msLeft = handoff ? new Date(handoff.expiresAt).getTime() - now : 0;
  const expired = handoff !== null && msLeft <= 0;
  const copy = async () => {
    if (!handoff) return;
    try {
      await navigator.clipboard.writeText(handoff.url);
      setCopied(true);
    } catch {
      // Clipboard refused (an insecure page, a browser setting): the link is on screen to copy by hand.
    }
  };

  return (
    <section className="card" aria-labelledby="handoff-heading" data-testid="handoff">
      <h2 id="handoff-heading">{t('title')}</h2>
      <p className="field-hint">{t('intro')}</p>
      {state === 'no-customer' && <p className="muted">{t('noCustomer')}</p>}
      {state === 'failed' && (
        <p className="error" role="alert">
          {t('failed')}
        </p>
      )}
      {handoff && !expired && (
        <>
          <p className="center">{t('scan')}</p>
          <img className="handoff-qr" src={`data:image/svg+xml;utf8,${encodeURIComponent(handoff.qrSvg)}`} alt={t('qrAlt')} width={240} height={240} data-testid="handoff-qr" />
          <p>{t('or')}</p>
          <p className="handoff-link" data-testid="handoff-url">
            {handoff.url}
          </p>
          <div className="row">
            <button type="button" onClick={() => void copy()}>
              {t('copy')}
            </button>
            <span className="muted grow" role="status">
              {copied ? t('copied') : t('left', { left: Math.max(1, Math.ceil(msLeft / 60_000)) })}
            </span>
          </div>
        </>
      )}
      {expired && <p className="muted">{t('expired')}</p>}
      {(!handoff || expired) && state !== 'no-customer' && (
        <button type="button" className="primary" onClick={() => void make()} disabled={state === 'making'} data-testid="handoff-make">
          {state === 'making' ? t('making') : handoff ? t('again') : t('make')}
        </button>
      )}
    </section>
  );
}
