'use client';

import { useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import type { StoreError } from '@/stores/customer/types.ts';
import { useErrorText } from './error-text';
import { useCustomer } from './store-provider';

/**
 * Send my agent a virtual gift with an optional note. Gifts are thanks, not money: nothing is paid
 * and nothing is charged, which the sheet says in so many words.
 */
export function GiftButton() {
  const t = useTranslations('customer.gift');
  const locale = useLocale();
  const errorText = useErrorText();
  const { gifts, giftsError, loadGifts, sendGift, myAgent } = useCustomer(
    useShallow((s) => ({ gifts: s.gifts, giftsError: s.giftsError, loadGifts: s.loadGifts, sendGift: s.sendGift, myAgent: s.myAgent })),
  );
  const dialog = useRef<HTMLDialogElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StoreError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const name = myAgent ? (locale === 'zh-CN' ? myAgent.nameZh : myAgent.name) : '';
  const giftName = (id: string) => {
    const g = gifts?.find((x) => x.id === id);
    return g ? (locale === 'zh-CN' ? g.nameZh : g.name) : id;
  };

  const open = () => {
    setError(null);
    setSent(null);
    setChosen(null);
    setNote('');
    if (!gifts) void loadGifts();
    dialog.current?.showModal();
  };

  const submit = async () => {
    if (!chosen) return;
    setBusy(true);
    const failed = await sendGift(chosen, note);
    setBusy(false);
    setError(failed);
    if (!failed) setSent(chosen);
  };

  return (
    <div className="gift-entry">
      <button type="button" onClick={open} data-testid="open-gifts">
        <img src="/gifts/flower.svg" alt="" width={20} height={20} /> {t('button')}
      </button>
      <dialog ref={dialog} aria-labelledby="gift-title" data-testid="gift-dialog" className="gift-dialog">
        <h2 id="gift-title">{t('title', { name })}</h2>
        <p className="field-hint">{t('noMoney')}</p>
        {sent ? (
          <p className="notice-inline" role="status" data-testid="gift-sent">
            {t('sent', { gift: giftName(sent), name })}
          </p>
        ) : (
          <>
            {!gifts && !giftsError && <p role="status">{t('loading')}</p>}
            {giftsError && <p className="field-error">{errorText(giftsError)}</p>}
            {gifts && (
              <div className="gift-grid" role="radiogroup" aria-label={t('choose')}>
                {gifts.map((g) => (
                  <button
                    key={g.id}
                    type="button"
                    role="radio"
                    aria-checked={chosen === g.id}
                    className={`gift ${chosen === g.id ? 'chosen' : ''}`}
                    onClick={() => setChosen(g.id)}
                    data-testid={`gift-${g.id}`}
                  >
                    <img src={g.icon} alt="" width={44} height={44} />
                    <span>{locale === 'zh-CN' ? g.nameZh : g.name}</span>
                    <span className="gift-points">{t('points', { points: g.points })}</span>
                  </button>
                ))}
              </div>
            )}
            <label htmlFor="gift-note" className="field-hint">
              {t('noteLabel')}
            </label>
            <input id="gift-note" type="text" maxLength={280} value={note} onChange={(e) => setNote(e.target.value)} />
            {error && <p className="field-error" role="alert">{error.code === 'rate_limited' ? t('limit') : errorText(error)}</p>}
          </>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            {sent ? t('done') : t('cancel')}
          </button>
          {!sent && (
            <button type="button" className="primary" disabled={!chosen || busy} onClick={() => void submit()} data-testid="send-gift">
              {t('send')}
            </button>
          )}
        </div>
      </dialog>
    </div>
  );
}
