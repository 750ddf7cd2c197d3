'use client';

import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { api, ApiFailure } from '../../_components/api';
import { selectUpcoming, useConsoleCallbacks, type ConsoleCallback } from '../../../stores/agent/callbacks';
import { useAgentConsole } from '../../../stores/agent/store';
import type { AgentT } from './use-agent-t';
import { DeepLinkFocus } from '../../_components/deep-link-focus';

const timeIn = (iso: string, timeZone?: string) =>
  new Date(iso).toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });

/**
 * The agent's upcoming calls: booked callbacks, soonest first, live. A call whose reminder came is
 * marked and announced; the agent closes it (done / no answer) or moves it with a note the customer sees.
 */
export function UpcomingCalls({ t }: { t: AgentT }) {
  const calls = useConsoleCallbacks(useShallow(selectUpcoming));
  const due = useConsoleCallbacks((s) => s.due);
  const loaded = useConsoleCallbacks((s) => s.loaded);
  const [error, setError] = useState<string | null>(null);
  const announced = useRef(new Set<string>());

  // A reminder reaches the agent even with the tab in the background.
  useEffect(() => {
    for (const id of Object.keys(due)) {
      const key = `${id}@${calls.find((c) => c.id === id)?.at}`;
      if (announced.current.has(key)) continue;
      announced.current.add(key);
      const c = calls.find((x) => x.id === id);
      if (c && typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.visibilityState === 'hidden') {
        new Notification(t('calls.dueTitle'), { body: t('calls.dueBody', { name: c.customer.name, time: timeIn(c.at) }), tag: `callback-${c.id}` });
      }
    }
  }, [due, calls, t]);

  const act = async (path: string, body: unknown) => {
    setError(null);
    try {
      const { callback } = await api<{ callback: ConsoleCallback }>(path, { method: 'POST', body });
      useConsoleCallbacks.getState().upsert(callback);
      return true;
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) useAgentConsole.getState().setExpired(true);
      setError(err instanceof ApiFailure && err.status === 0 ? t('errors.network') : err instanceof ApiFailure && err.status < 500 ? err.error.message : t('errors.generic'));
      return false;
    }
  };

  return (
    <section className="card" aria-labelledby="calls-heading" data-testid="upcoming-calls">
      <h2 id="calls-heading">{t('calls.heading')}</h2>
      <DeepLinkFocus />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!loaded ? (
        <p className="muted">{t('requests.loading')}</p>
      ) : calls.length === 0 ? (
        <p className="muted">{t('calls.empty')}</p>
      ) : (
        <ul className="plain">
          {calls.map((c) => (
            <CallItem key={c.id} call={c} isDue={!!due[c.id]} t={t} act={act} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CallItem({ call: c, isDue, t, act }: { call: ConsoleCallback; isDue: boolean; t: AgentT; act: (path: string, body: unknown) => Promise<boolean> }) {
  const [moving, setMoving] = useState(false);
  const [slots, setSlots] = useState<string[] | null>(null);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const openMove = async () => {
    setMoving(true);
    const free = await api<{ slots: string[] }>('/api/agent/callbacks/slots').catch(() => ({ slots: [] }));
    setSlots(free.slots.slice(0, 60));
    setTo(free.slots[0] ?? '');
  };
  const run = async (path: string, body: unknown) => {
    setBusy(true);
    await act(path, body);
    setBusy(false);
  };

  return (
    <li className={isDue ? 'call call-due' : 'call'} data-testid="call" data-due={isDue || undefined} id={`callback-${c.id}`} tabIndex={-1}>
      {isDue && (
        <p className="call-due-line" role="alert" data-testid="call-due">
          {t('calls.dueNow', { name: c.customer.name })}
        </p>
      )}
      <strong>{timeIn(c.at)}</strong> · {c.customer.name}{' '}
      <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`} data-testid="call-phone">
        {c.phone}
      </a>
      {c.timeZone !== 'UTC' && <span className="muted"> · {t('calls.theirTime', { time: timeIn(c.at, c.timeZone) })}</span>}
      {c.note && <p className="muted">“{c.note}”</p>}
      {c.previousAt && <p className="muted">{t('calls.movedFrom', { time: timeIn(c.previousAt) })}</p>}
      <div className="row wrap">
        <button disabled={busy} onClick={() => run(`/api/agent/callbacks/${c.id}/outcome`, { outcome: 'done' })} data-testid="call-done">
          {t('calls.done')}
        </button>
        <button disabled={busy} onClick={() => run(`/api/agent/callbacks/${c.id}/outcome`, { outcome: 'no_answer' })} data-testid="call-no-answer">
          {t('calls.noAnswer')}
        </button>
        <button disabled={busy} onClick={() => (moving ? setMoving(false) : void openMove())} aria-expanded={moving}>
          {t('calls.move')}
        </button>
      </div>
      {moving && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (to) void run(`/api/agent/callbacks/${c.id}/reschedule`, { at: to, note }).then(() => setMoving(false));
          }}
        >
          {slots === null ? (
            <p className="muted">{t('requests.loading')}</p>
          ) : (
            <label>
              {t('calls.newTime')}
              <select value={to} onChange={(e) => setTo(e.target.value)}>
                {slots.map((s) => (
                  <option key={s} value={s}>
                    {timeIn(s)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('calls.note')}
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder={t('calls.notePlaceholder')} />
          </label>
          <button type="submit" className="primary" disabled={busy || !to}>
            {t('calls.moveConfirm')}
          </button>
        </form>
      )}
    </li>
  );
}
