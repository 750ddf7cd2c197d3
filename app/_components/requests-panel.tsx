'use client';

import { useState } from 'react';
import type { ServiceRequest } from './types';

const STATUS_TEXT: Record<ServiceRequest['status'], string> = {
  pending: 'Sent',
  delivered: 'Delivered to your agent',
  acknowledged: 'Your agent is on it',
  resolved: 'Resolved',
};

export function RequestsPanel({ requests, onSend }: { requests: ServiceRequest[]; onSend: (message: string) => Promise<boolean> }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return;
    setBusy(true);
    if (await onSend(message)) setMessage('');
    setBusy(false);
  };

  return (
    <section className="card" aria-label="My requests">
      <form onSubmit={submit} className="card" style={{ padding: 0, boxShadow: 'none' }}>
        <label>
          What do you need help with?
          <textarea name="message" value={message} onChange={(e) => setMessage(e.target.value)} maxLength={2000} />
        </label>
        <button className="primary" type="submit" disabled={busy || !message.trim()} data-testid="send-request">
          {busy ? 'Sending…' : 'Send to my agent'}
        </button>
      </form>
      {requests.length === 0 ? (
        <p className="muted">No requests yet.</p>
      ) : (
        <ul className="plain" data-testid="requests">
          {requests.map((r) => (
            <li key={r.id} className="card" data-status={r.status} data-testid="request">
              <p>{r.message}</p>
              <p className="muted">
                <span data-testid="request-status">{STATUS_TEXT[r.status]}</span> · {new Date(r.createdAt).toLocaleString()}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
