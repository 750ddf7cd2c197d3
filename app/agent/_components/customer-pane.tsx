'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, ApiFailure } from '../../_components/api';
import { useAgentConsole } from '../../../stores/agent/store';
import type { ConsoleRequest, Message, MyCustomer, RequestStatus } from '../../../stores/agent/types';
import { STATUS_KEY } from './conversation-pane';
import { FeedbackPanel } from './feedback-panel';
import type { AgentT } from './use-agent-t';
import { useLocaleFormat } from './use-locale-format';

type HistoryRequest = { id: string; message: string; status: RequestStatus; createdAt: string; messages: Message[] };
type History = { exclusive: boolean; since: string | null; requests: HistoryRequest[] };
type Load = { state: 'loading' } | { state: 'ready'; history: History } | { state: 'error'; notYours: boolean };

type Props = {
  request: ConsoleRequest | null;
  customers: MyCustomer[] | null;
  t: AgentT;
  onBack: () => void;
};

/**
 * The right pane: the open conversation's customer (contact info — the server shows it only to their
 * own agent or the one covering — since when they are mine, their earlier requests); with nothing open,
 * my exclusive customers. Below either: ratings and gifts as they arrive (issue 14).
 */
export function CustomerPane({ request, customers, t, onBack }: Props) {
  return (
    <aside className="pane pane-customer" aria-labelledby="customer-heading" data-testid="customer-pane">
      {request ? <CustomerDetails request={request} t={t} onBack={onBack} /> : <MyCustomers customers={customers} t={t} />}
      <div className="pane-pad pane-feedback" tabIndex={0} role="region" aria-label={t('feedback.heading')}>
        <FeedbackPanel t={t} />
      </div>
    </aside>
  );
}

function CustomerDetails({ request: r, t, onBack }: { request: ConsoleRequest; t: AgentT; onBack: () => void }) {
  const f = useLocaleFormat();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const customerId = r.customer.id;

  const fetchHistory = useCallback(() => {
    setLoad({ state: 'loading' });
    api<History>(`/api/agent/customers/${customerId}`)
      .then((history) => setLoad({ state: 'ready', history }))
      .catch((err) => {
        // An expired session asks to sign in again over the intact screen.
        if (err instanceof ApiFailure && err.status === 401) useAgentConsole.getState().setExpired(true);
        setLoad({ state: 'error', notYours: err instanceof ApiFailure && err.status === 404 });
      });
  }, [customerId]);
  useEffect(() => {
    fetchHistory();
  }, [fetchHistory]);

  const contact = [
    ['phone', r.customer.phone],
    ['email', r.customer.email],
    ['im', r.customer.im],
  ].filter(([, v]) => v) as [string, string][];
  const earlier = load.state === 'ready' ? load.history.requests.filter((h) => h.id !== r.id) : [];

  return (
    <>
      <div className="pane-head">
        <button className="quiet back-button" onClick={onBack} data-testid="customer-back">
          <span aria-hidden="true">‹ </span>
          {t('customer.back')}
        </button>
        <h2 id="customer-heading" className="grow">
          {r.customer.name}
        </h2>
      </div>
      <div className="pane-scroll pane-pad stack" tabIndex={0} role="region" aria-labelledby="customer-heading">
        {r.cover && <p className="cover-note small">{t('customer.coverNote')}</p>}
        <section aria-labelledby="contact-heading">
          <h3 id="contact-heading" className="section-title">
            {t('customer.contact')}
          </h3>
          <dl className="facts" data-testid="contact">
            {contact.map(([k, v]) => (
              <div key={k}>
                <dt>{t(`customer.${k}` as 'customer.phone')}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {load.state === 'ready' && load.history.since && (
            <p className="muted small" data-testid="since">
              {t('customer.mine', { date: f.date(load.history.since) })}
            </p>
          )}
        </section>
        <section aria-labelledby="earlier-heading" data-testid="history-panel">
          <h3 id="earlier-heading" className="section-title">
            {t('customer.earlier')}
          </h3>
          {load.state === 'loading' ? (
            <div className="skeleton-list" aria-busy="true">
              <span className="visually-hidden">{t('customer.loading')}</span>
              <span className="skeleton-line wide" />
              <span className="skeleton-line" />
            </div>
          ) : load.state === 'error' ? (
            load.notYours ? (
              <p className="muted">{t('customer.notYours')}</p>
            ) : (
              <div role="alert" className="stack">
                <p className="error">{t('customer.failed')}</p>
                <button onClick={fetchHistory}>{t('customer.retry')}</button>
              </div>
            )
          ) : earlier.length === 0 ? (
            <p className="muted">{t('customer.earlierEmpty')}</p>
          ) : (
            <ul className="plain history-list">
              {earlier.map((h) => (
                <li key={h.id} className="history-item">
                  <span className="muted small">
                    {f.dateTime(h.createdAt)} · {t(STATUS_KEY[h.status])}
                  </span>
                  <p>{h.message}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function MyCustomers({ customers, t }: { customers: MyCustomer[] | null; t: AgentT }) {
  const f = useLocaleFormat();
  return (
    <>
      <div className="pane-head">
        <h2 id="customer-heading">{t('customer.emptyTitle')}</h2>
      </div>
      <div className="pane-scroll pane-pad" tabIndex={0} role="region" aria-labelledby="customer-heading">
        {customers === null ? (
          <div className="skeleton-list" aria-busy="true">
            <span className="visually-hidden">{t('customer.loading')}</span>
            <span className="skeleton-line wide" />
            <span className="skeleton-line" />
          </div>
        ) : customers.length === 0 ? (
          <p className="muted">{t('customer.none')}</p>
        ) : (
          <ul className="plain" data-testid="customers">
            {customers.map(({ customer, since }) => (
              <li key={customer.id} className="history-item">
                <strong>{customer.name}</strong>
                <span className="muted small">{[customer.phone, customer.email, customer.im].filter(Boolean).join(' · ')}</span>
                <span className="muted small">{t('customer.mine', { date: f.date(since) })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
