'use client';

import { useEffect, useState } from 'react';
import { api, ApiFailure } from '../../_components/api';
import { useAgentConsole } from '../../../stores/agent/store';
import type { ConsoleRequest, Message, MyCustomer, RequestStatus } from '../../../stores/agent/types';
import type { AgentT } from './use-agent-t';

export const STATUS_KEY = { pending: 'requests.new', delivered: 'requests.seen', acknowledged: 'requests.acknowledged', resolved: 'requests.resolved' } as const;

type HistoryRequest = { id: string; message: string; status: RequestStatus; createdAt: string; messages: Message[] };

/** The agent's exclusive customers with contact info, and one customer's past requests on demand. */
export function CustomersPanel({ customers, t }: { customers: MyCustomer[] | null; t: AgentT }) {
  return (
    <section className="card" aria-labelledby="customers-heading">
      <h2 id="customers-heading">{t('customers.heading')}</h2>
      {customers === null ? (
        <p className="muted">{t('requests.loading')}</p>
      ) : customers.length === 0 ? (
        <p className="muted">{t('customers.empty')}</p>
      ) : (
        <ul className="plain" data-testid="customers">
          {customers.map(({ customer, since }) => (
            <li key={customer.id}>
              <strong>{customer.name}</strong>{' '}
              <span className="muted">{[customer.phone, customer.email, customer.im].filter(Boolean).join(' · ')}</span>
              <br />
              <span className="muted">{t('customers.since', { date: new Date(since).toLocaleDateString() })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function HistoryDialog({ customer, t, onClose }: { customer: ConsoleRequest['customer']; t: AgentT; onClose: () => void }) {
  const [requests, setRequests] = useState<HistoryRequest[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api<{ requests: HistoryRequest[] }>(`/api/agent/customers/${customer.id}`)
      .then(({ requests }) => setRequests(requests))
      .catch((err) => {
        // An expired session asks to sign in again over the intact screen.
        if (err instanceof ApiFailure && err.status === 401) useAgentConsole.getState().setExpired(true);
        setFailed(true);
      });
  }, [customer.id]);

  return (
    <section className="card history" role="dialog" aria-modal="false" aria-labelledby="history-heading" data-testid="history-panel">
      <div className="row">
        <h2 id="history-heading" className="grow">
          {t('customers.historyHeading', { name: customer.name })}
        </h2>
        <button onClick={onClose}>{t('customers.close')}</button>
      </div>
      {failed ? (
        <p className="error">{t('errors.generic')}</p>
      ) : requests === null ? (
        <p className="muted">{t('requests.loading')}</p>
      ) : requests.length === 0 ? (
        <p className="muted">{t('customers.historyEmpty')}</p>
      ) : (
        <ul className="plain">
          {requests.map((r) => (
            <li key={r.id}>
              <p>
                <span className="muted">
                  {new Date(r.createdAt).toLocaleString()} · {t(STATUS_KEY[r.status])}
                </span>
                <br />
                {r.message}
              </p>
              {r.messages.map((m) => (
                <p key={m.id} className="reply">
                  <span className="muted">{m.agent?.name}: </span>
                  {m.body}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
