'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import type { StoreError } from '@/stores/customer/types.ts';
import { useErrorText } from './error-text';
import { useCustomer } from './store-provider';

const STARS = [1, 2, 3, 4, 5] as const;

/** Rate a resolved request 1–5 stars with an optional comment; can be changed for 24 hours. */
export function RateRequest({ requestId }: { requestId: string }) {
  const t = useTranslations('customer.rate');
  const errorText = useErrorText();
  const { rating, ratingsLoaded, loadRatings, rateRequest } = useCustomer(
    useShallow((s) => ({ rating: s.ratings[requestId], ratingsLoaded: s.ratingsLoaded, loadRatings: s.loadRatings, rateRequest: s.rateRequest })),
  );
  const [editing, setEditing] = useState(false);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StoreError | null>(null);

  useEffect(() => {
    if (!ratingsLoaded) void loadRatings();
  }, [ratingsLoaded, loadRatings]);

  const canChange = rating ? Date.now() < Date.parse(rating.editableUntil) : false;

  if (rating && !editing) {
    return (
      <div className="rating-done" data-testid="rating-done">
        <span aria-label={t('youRated', { stars: rating.stars })}>
          <span aria-hidden="true" className="stars-shown">
            {'★'.repeat(rating.stars)}
            <span className="stars-off">{'★'.repeat(5 - rating.stars)}</span>
          </span>{' '}
          {t('thanks')}
        </span>
        {canChange && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setStars(rating.stars);
              setComment(rating.comment ?? '');
              setEditing(true);
            }}
          >
            {t('change')}
          </button>
        )}
      </div>
    );
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!stars) return setError({ code: 'stars_required', status: 400 });
    setBusy(true);
    const failed = await rateRequest(requestId, stars, comment);
    setBusy(false);
    setError(failed);
    if (!failed) setEditing(false);
  };

  return (
    <form className="rate" onSubmit={submit} data-testid="rate-form">
      <fieldset>
        <legend>{t('question')}</legend>
        <div className="star-row" role="radiogroup" aria-label={t('question')}>
          {STARS.map((n) => (
            <button
              key={n}
              type="button"
              role="radio"
              aria-checked={stars === n}
              aria-label={t('starsLabel', { n })}
              className={`star ${n <= stars ? 'on' : ''}`}
              onClick={() => setStars(n)}
              data-testid={`star-${n}`}
            >
              <span aria-hidden="true">★</span>
            </button>
          ))}
        </div>
      </fieldset>
      <label className="visually-hidden" htmlFor={`rate-comment-${requestId}`}>
        {t('commentLabel')}
      </label>
      <input id={`rate-comment-${requestId}`} type="text" maxLength={1000} value={comment} placeholder={t('commentLabel')} onChange={(e) => setComment(e.target.value)} />
      {error && <p className="field-error">{error.code === 'stars_required' ? t('pickStars') : error.code === 'conflict' && error.field === 'stars' ? t('locked') : errorText(error)}</p>}
      <button type="submit" className="primary" disabled={busy} data-testid="rate-submit">
        {t('submit')}
      </button>
    </form>
  );
}
