'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import type { Inbox, InboxItem } from '../../../stores/agent/inbox';
import { ClipIcon } from '../../_components/file-bits';
import type { AgentT } from './use-agent-t';
import { useLocaleFormat } from './use-locale-format';

type Props = {
  inbox: Inbox;
  state: 'loading' | 'ready' | 'error';
  selectedId: string | null;
  t: AgentT;
  onOpen: (id: string) => void;
  onRetry: () => void;
  /** sections shown under the conversations (upcoming callbacks, issue 17) */
  below?: ReactNode;
};

/**
 * The left pane: my conversations grouped needs-me / open / waiting / resolved today, each with the
 * customer, last line, time and unread count. j/k and Enter are handled by the console (anywhere
 * outside a text field); here each row is also a plain button for Tab and the mouse.
 */
export function ConversationList({ inbox, state, selectedId, t, onOpen, onRetry, below }: Props) {
  const f = useLocaleFormat();
  const selectedRef = useRef<HTMLButtonElement | null>(null);
  // Block bodies on purpose: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const body = () => {
    if (state === 'loading' && inbox.flat.length === 0)
      return (
        <div className="skeleton-list pane-pad" aria-busy="true" data-testid="list-loading">
          <span className="visually-hidden">{t('inbox.loading')}</span>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-row">
              <span className="skeleton-line" />
              <span className="skeleton-line wide" />
            </div>
          ))}
        </div>
      );
    if (state === 'error' && inbox.flat.length === 0)
      return (
        <div className="pane-state" role="alert" data-testid="list-error">
          <p>{t('inbox.loadFailed')}</p>
          <button onClick={onRetry}>{t('inbox.retry')}</button>
        </div>
      );
    if (inbox.flat.length === 0)
      return (
        <div className="pane-state" data-testid="list-empty">
          <p className="muted">{t('inbox.empty')}</p>
        </div>
      );
    return inbox.groups
      .filter((g) => g.items.length > 0)
      .map((g) => (
        <section key={g.key} className="inbox-group" aria-labelledby={`group-${g.key}`} data-testid={`group-${g.key}`}>
          <h3 id={`group-${g.key}`} className="inbox-group-title">
            {t(`inbox.groups.${g.key}`)} <span className="count">{g.items.length}</span>
          </h3>
          <ul className="plain inbox-items">
            {g.items.map((item) => (
              <Row key={item.request.id} item={item} selected={item.request.id === selectedId} t={t} f={f} onOpen={onOpen} buttonRef={item.request.id === selectedId ? selectedRef : undefined} />
            ))}
          </ul>
        </section>
      ));
  };

  return (
    <nav className="pane pane-list" aria-labelledby="inbox-heading">
      <div className="pane-head">
        <h2 id="inbox-heading">{t('inbox.heading')}</h2>
        <span className="muted small keys-hint">{t('inbox.keys')}</span>
      </div>
      {state === 'error' && inbox.flat.length > 0 && (
        <p className="inline-alert small" role="alert">
          {t('inbox.loadFailed')} <button onClick={onRetry}>{t('inbox.retry')}</button>
        </p>
      )}
      <div className="pane-scroll" data-testid="conversations">
        {body()}
        {below && <div className="pane-pad">{below}</div>}
      </div>
    </nav>
  );
}

function Row({
  item,
  selected,
  t,
  f,
  onOpen,
  buttonRef,
}: {
  item: InboxItem;
  selected: boolean;
  t: AgentT;
  f: ReturnType<typeof useLocaleFormat>;
  onOpen: (id: string) => void;
  buttonRef?: React.Ref<HTMLButtonElement>;
}) {
  const r = item.request;
  return (
    <li>
      <button
        ref={buttonRef}
        className={`inbox-row${selected ? ' selected' : ''}${item.unread ? ' unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-testid="conversation"
        data-id={r.id}
        data-group={item.group}
        onClick={() => onOpen(r.id)}
      >
        <span className="inbox-row-top">
          <strong className="inbox-name">{r.customer.name}</strong>
          {r.cover && <span className="tag tag-small">{t('inbox.cover')}</span>}
          {r.attachments.length > 0 && (
            <span className="clip muted small" data-testid="attachment-count">
              <span aria-hidden="true">
                <ClipIcon size={14} />
                {r.attachments.length}
              </span>
              <span className="visually-hidden">{t('attachments.count', { count: r.attachments.length })}</span>
            </span>
          )}
          <time className="muted small" dateTime={item.lastAt}>
            {f.time(item.lastAt)}
          </time>
        </span>
        <span className="inbox-row-bottom">
          <span className="inbox-last muted">
            {item.lastAuthor === 'agent' && t('inbox.you')}
            {item.lastBody || t('attachments.count', { count: item.lastFiles })}
          </span>
          {item.unread > 0 && (
            <span className="badge" data-testid="unread">
              <span aria-hidden="true">{item.unread}</span>
              <span className="visually-hidden">{t('inbox.unread', { count: item.unread })}</span>
            </span>
          )}
        </span>
        {item.group === 'needsMe' && <span className="waited small">{t('inbox.waited', { time: f.waited(r.createdAt) })}</span>}
      </button>
    </li>
  );
}
