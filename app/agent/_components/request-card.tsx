'use client';

import { useState } from 'react';
import type { ConsoleRequest } from '../../../stores/agent/types';
import type { AgentT } from './use-agent-t';

type Props = {
  request: ConsoleRequest;
  t: AgentT;
  onAcknowledge: (id: string) => Promise<boolean>;
  onDecline: (id: string) => Promise<boolean>;
  onResolve: (id: string) => Promise<boolean>;
  onReply: (id: string, body: string) => Promise<boolean>;
  onHistory: (customer: ConsoleRequest['customer']) => void;
};

import { STATUS_KEY } from './customers-panel';

export function RequestCard({ request: r, t, onAcknowledge, onDecline, onResolve, onReply, onHistory }: Props) {
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const waiting = r.status === 'pending' || r.status === 'delivered';
  const contact = [r.customer.phone, r.customer.email, r.customer.im].filter(Boolean).join(' · ');

  const run = async (work: () => Promise<boolean>, after?: () => void) => {
    setBusy(true);
    if (await work()) after?.();
    setBusy(false);
  };

  return (
    <li className={`card request-card${waiting ? ' waiting' : ''}`} data-testid="alert" data-status={r.status} aria-label={r.customer.name}>
      <div className="row">
        <p className="grow">
          <strong>{r.customer.name}</strong> <span className="muted">{contact}</span>
        </p>
        <span className={`status status-${waiting ? 'away' : 'online'}`} data-testid="alert-status">
          {t(STATUS_KEY[r.status])}
        </span>
      </div>
      {r.cover && r.boundAgent && (
        <p className="tag" data-testid="cover-badge">
          {t('requests.cover', { name: r.boundAgent.name })}
        </p>
      )}
      <p className="request-message">{r.message}</p>
      <p className="muted">{new Date(r.createdAt).toLocaleString()}</p>
      {r.messages && r.messages.length > 0 && (
        <ul className="plain thread" aria-label={t('requests.reply')}>
          {r.messages.map((m) => (
            <li key={m.id} className="reply" data-testid="reply">
              <span className="muted">{m.agent?.name}: </span>
              {m.body}
            </li>
          ))}
        </ul>
      )}
      <div className="row wrap">
        {waiting && (
          <button className="primary" disabled={busy} onClick={() => run(() => onAcknowledge(r.id))} data-testid="ack">
            {t('requests.acknowledge')}
          </button>
        )}
        {waiting && (
          <button disabled={busy} onClick={() => run(() => onDecline(r.id))} data-testid="decline">
            {t('requests.decline')}
          </button>
        )}
        {r.status === 'acknowledged' && (
          <button disabled={busy} onClick={() => run(() => onResolve(r.id))} data-testid="resolve">
            {t('requests.resolve')}
          </button>
        )}
        <button disabled={busy} onClick={() => onHistory(r.customer)} data-testid="history">
          {t('requests.history')}
        </button>
      </div>
      {r.status !== 'resolved' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (reply.trim()) void run(() => onReply(r.id, reply), () => setReply(''));
          }}
        >
          <label className="grow">
            <span className="visually-hidden">{t('requests.replyLabel', { name: r.customer.name })}</span>
            <input value={reply} onChange={(e) => setReply(e.target.value)} maxLength={2000} placeholder={t('requests.reply')} data-testid="reply-input" />
          </label>
          <button type="submit" disabled={busy || !reply.trim()} data-testid="send-reply">
            {t('requests.send')}
          </button>
        </form>
      )}
    </li>
  );
}
