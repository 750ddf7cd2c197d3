'use client';

import { useEffect, useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import { api, ApiFailure } from '../api';
import { selectMyCallbacks, useMyCallbacks, type MyCallback } from '@/stores/customer/callbacks.ts';
import { useCustomer } from './store-provider';

type Slots = { timeZone: string; slots: string[] };

const myZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const useFormats = () => {
  const locale = useLocale();
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric' });
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    const full = new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    return { day: (iso: string) => day.format(new Date(iso)), time: (iso: string) => time.format(new Date(iso)), full: (iso: string) => full.format(new Date(iso)) };
  }, [locale]);
};

/**
 * "Call me back": the customer books a call with their exclusive agent in one of the agent's free
 * slots (shown in the customer's own time zone), sees their calls live, and can move or cancel them.
 */
export function CallbacksPanel() {
  const t = useTranslations('customer.callbacks');
  const f = useFormats();
  const calls = useMyCallbacks(useShallow(selectMyCallbacks));
  const loaded = useMyCallbacks((s) => s.loaded);
  const [form, setForm] = useState<{ moving?: MyCallback } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upcoming = calls.filter((c) => c.status === 'booked' || Date.now() - new Date(c.at).getTime() < 2 * 86_400_000);

  const cancel = async (c: MyCallback) => {
    setError(null);
    try {
      const { callback } = await api<{ callback: MyCallback }>(`/api/callbacks/${c.id}/cancel`, { method: 'POST', body: {} });
      useMyCallbacks.getState().upsert(callback);
    } catch (err) {
      setError(err instanceof ApiFailure && err.status === 0 ? t('errors.network') : t('errors.generic'));
    }
  };

  return (
    <section className="card" aria-labelledby="callbacks-heading" data-testid="callbacks">
      <h2 id="callbacks-heading">{t('heading')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {loaded && upcoming.length > 0 && (
        <ul className="plain">
          {upcoming.map((c) => (
            <li key={c.id} data-testid="my-callback" data-status={c.status} id={`callback-${c.id}`} tabIndex={-1}>
              <strong>{f.full(c.at)}</strong> · <span>{t(`status.${c.status}`)}</span>
              {c.agentNote && <p className="muted">“{c.agentNote}”</p>}
              {c.previousAt && c.changedBy === 'agent' && c.status === 'booked' && <p className="muted">{t('movedByAgent', { time: f.full(c.previousAt) })}</p>}
              {c.agentAway && (
                <p className="notice" role="status" data-testid="callback-away">
                  {t('agentAway')}
                </p>
              )}
              {c.status === 'booked' && (
                <div className="row wrap">
                  <button type="button" onClick={() => setForm({ moving: c })}>
                    {t('move')}
                  </button>
                  <button type="button" onClick={() => void cancel(c)}>
                    {t('cancel')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {form ? (
        <BookingForm moving={form.moving} onDone={() => setForm(null)} />
      ) : (
        <button type="button" onClick={() => setForm({})} data-testid="book-callback">
          {t('book')}
        </button>
      )}
    </section>
  );
}

function BookingForm({ moving, onDone }: { moving?: MyCallback; onDone: () => void }) {
  const t = useTranslations('customer.callbacks');
  const f = useFormats();
  const customer = useCustomer((s) => s.customer);
  const [slots, setSlots] = useState<Slots | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [at, setAt] = useState('');
  const [phone, setPhone] = useState(moving?.phone ?? customer?.phone ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);

  const load = () => {
    setLoadFailed(false);
    api<Slots>('/api/callbacks/slots')
      .then((s) => {
        setSlots(s);
        setAt(s.slots[0] ?? '');
      })
      .catch(() => setLoadFailed(true));
  };
  useEffect(load, []);

  // Slots grouped by day in the customer's own time zone.
  const days = useMemo(() => {
    const groups = new Map<string, string[]>();
    for (const s of slots?.slots ?? []) {
      const d = f.day(s);
      groups.set(d, [...(groups.get(d) ?? []), s]);
    }
    return [...groups];
  }, [slots, f]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { callback } = moving
        ? await api<{ callback: MyCallback }>(`/api/callbacks/${moving.id}/reschedule`, { method: 'POST', body: { at } })
        : await api<{ callback: MyCallback }>('/api/callbacks', { method: 'POST', body: { at, phone, note, timeZone: myZone() } });
      useMyCallbacks.getState().upsert(callback);
      onDone();
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : null;
      const field = failure?.error.field;
      const text =
        failure?.status === 0
          ? t('errors.network')
          : failure?.error.code === 'conflict' && field === 'at'
            ? t('errors.taken')
            : field === 'at'
              ? t('errors.at')
              : field === 'phone'
                ? t('errors.phone')
                : t('errors.generic');
      setError({ field, text });
      if (failure?.error.code === 'conflict') load();
    } finally {
      setBusy(false);
    }
  };

  if (loadFailed) {
    return (
      <p className="error" role="alert">
        {t('errors.slots')}{' '}
        <button type="button" onClick={load}>
          {t('retry')}
        </button>
      </p>
    );
  }
  if (!slots) return <p className="muted">{t('loading')}</p>;
  if (!slots.slots.length) return <p className="muted">{t('noSlots')}</p>;

  return (
    <form className="stack" onSubmit={submit} data-testid="callback-form">
      <label>
        {moving ? t('newTime') : t('time')}
        <select value={at} onChange={(e) => setAt(e.target.value)} data-testid="callback-slot" aria-invalid={error?.field === 'at' || undefined}>
          {days.map(([day, list]) => (
            <optgroup key={day} label={day}>
              {list.map((s) => (
                <option key={s} value={s}>
                  {f.day(s)} {f.time(s)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <p className="field-hint">{t('zones', { mine: myZone(), agent: slots.timeZone })}</p>
      {!moving && (
        <>
          <label>
            {t('phone')}
            <input type="tel" value={phone} onChange={(e) => {
                setPhone(e.target.value);
                if (error?.field === 'phone') setError(null);
              }} required autoComplete="tel" data-testid="callback-phone" aria-invalid={error?.field === 'phone' || undefined} />
          </label>
          <label>
            {t('note')}
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder={t('notePlaceholder')} />
          </label>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error.text}
        </p>
      )}
      <div className="row wrap">
        <button type="submit" className="primary" disabled={busy || !at} data-testid="callback-submit">
          {moving ? t('moveConfirm') : t('confirm')}
        </button>
        <button type="button" onClick={onDone}>
          {t('close')}
        </button>
      </div>
    </form>
  );
}
