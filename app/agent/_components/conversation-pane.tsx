'use client';

import { useEffect, useRef, useState } from 'react';
import type { AttachmentView } from '../../../stores/agent/types';
import { deliveryOf, type ConsoleRequest, type Delivery as DeliveryState } from '../../../stores/agent/types';
import { Composer } from './composer';
import { Lightbox } from './lightbox';
import { MessageFiles } from './message-files';
import type { AgentT } from './use-agent-t';
import { useLocaleFormat } from './use-locale-format';

export const STATUS_KEY = { pending: 'conversation.new', delivered: 'conversation.seen', acknowledged: 'conversation.acknowledged', resolved: 'conversation.resolved' } as const;

type Props = {
  request: ConsoleRequest | null;
  myId: string;
  t: AgentT;
  error: string | null;
  busy: boolean;
  onAcknowledge: (id: string) => void;
  onDecline: (id: string) => void;
  onResolve: (id: string) => void;
  onReply: (id: string, body: string) => Promise<boolean>;
  onBack: () => void;
  onShowCustomer: () => void;
  /** where focus goes when a conversation is opened from the list (keyboard users land on the next action) */
  focusRef: React.RefObject<HTMLElement | null>;
  composerRef: React.RefObject<HTMLTextAreaElement | null>;
};

/** The middle pane: the thread in time order (the customer's first message, then both sides), actions, composer. */
export function ConversationPane({ request: r, myId, t, error, busy, onAcknowledge, onDecline, onResolve, onReply, onBack, onShowCustomer, focusRef, composerRef }: Props) {
  const f = useLocaleFormat();
  const endRef = useRef<HTMLLIElement | null>(null);
  const count = r?.messages?.length ?? 0;
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [r?.id, count]);
  // Which picture is open, in which conversation (another conversation on screen shows none).
  const [viewing, setViewing] = useState<{ requestId: string; id: string; opener: HTMLElement } | null>(null);
  const openPicture = (file: AttachmentView, opener: HTMLElement) => r && setViewing({ requestId: r.id, id: file.id, opener });
  const closePicture = () => {
    viewing?.opener.focus();
    setViewing(null);
  };

  if (!r) {
    return (
      <section className="pane pane-conversation" aria-labelledby="conversation-heading" data-testid="conversation-pane">
        <div className="pane-state pane-empty">
          <h2 id="conversation-heading">{t('conversation.emptyTitle')}</h2>
          <p className="muted">{t('conversation.emptyHint')}</p>
        </div>
      </section>
    );
  }

  const waiting = r.status === 'pending' || r.status === 'delivered';
  const headingId = 'conversation-heading';
  return (
    <section className="pane pane-conversation" aria-labelledby={headingId} data-testid="conversation-pane" data-status={r.status}>
      <div className="pane-head conversation-head">
        <button className="quiet back-button" onClick={onBack} data-testid="back">
          <span aria-hidden="true">‹ </span>
          {t('conversation.back')}
        </button>
        <div className="grow">
          <h2 id={headingId} tabIndex={-1} ref={focusRef as React.RefObject<HTMLHeadingElement>}>
            {r.customer.name}
          </h2>
          <span className="muted small">{t('conversation.received', { time: f.dateTime(r.createdAt) })}</span>
        </div>
        <span className={`status status-${waiting ? 'away' : r.status === 'resolved' ? 'offline' : 'online'}`} data-testid="conversation-status">
          {t(STATUS_KEY[r.status])}
        </span>
        <button className="quiet customer-toggle" onClick={onShowCustomer} data-testid="show-customer">
          {t('conversation.showCustomer')}
        </button>
      </div>
      {r.cover && r.boundAgent && (
        <p className="cover-note" data-testid="cover-badge">
          {t('conversation.coverFor', { name: f.name(r.boundAgent) })}
        </p>
      )}
      <ol className="plain thread pane-scroll" tabIndex={0} aria-label={t('conversation.threadLabel', { name: r.customer.name })} data-testid="thread">
        <li className="bubble from-customer" data-testid="message" data-author="customer">
          <span className="bubble-meta">
            {r.customer.name} · <time dateTime={r.createdAt}>{f.time(r.createdAt)}</time>
          </span>
          <p className="bubble-body">{r.message}</p>
          <MessageFiles files={r.attachments} t={t} onOpen={openPicture} />
        </li>
        {(r.messages ?? []).map((m) => {
          const mine = m.author === 'agent' && m.agent?.id === myId;
          const who = m.author === 'customer' ? r.customer.name : mine ? t('conversation.you') : f.name(m.agent);
          return (
            <li key={m.id} className={`bubble ${m.author === 'customer' ? 'from-customer' : 'from-agent'}`} data-testid="message" data-author={m.author}>
              <span className="bubble-meta">
                {who} · <time dateTime={m.createdAt}>{f.time(m.createdAt)}</time>
                {m.author === 'agent' && <Delivery state={deliveryOf(r, m)} t={t} />}
              </span>
              {m.body && <p className="bubble-body">{m.body}</p>}
              <MessageFiles files={m.attachments} t={t} onOpen={openPicture} />
            </li>
          );
        })}
        <li ref={endRef} aria-hidden="true" className="thread-end" />
      </ol>
      {viewing?.requestId === r.id && <Lightbox images={picturesOf(r)} startId={viewing.id} t={t} onClose={closePicture} />}
      {error && (
        <p className="error pane-pad" role="alert" data-testid="conversation-error">
          {error}
        </p>
      )}
      <div className="conversation-actions">
        {waiting && (
          <button className="primary" disabled={busy} onClick={() => onAcknowledge(r.id)} data-testid="ack">
            {t('conversation.acknowledge')}
          </button>
        )}
        {waiting && (
          <button disabled={busy} onClick={() => onDecline(r.id)} data-testid="decline">
            {t('conversation.decline')}
          </button>
        )}
        {r.status === 'acknowledged' && (
          <button disabled={busy} onClick={() => onResolve(r.id)} data-testid="resolve">
            {t('conversation.resolve')}
          </button>
        )}
      </div>
      {r.status === 'resolved' ? (
        <p className="muted pane-pad" data-testid="resolved-note">
          {t('conversation.resolvedNote')}
        </p>
      ) : (
        <Composer key={r.id} customerName={r.customer.name} t={t} onSend={(body) => onReply(r.id, body)} textareaRef={composerRef} />
      )}
    </section>
  );
}

/** Every picture of the conversation in thread order: the lightbox steps through them. */
const picturesOf = (r: ConsoleRequest): AttachmentView[] => [r.attachments, ...(r.messages ?? []).map((m) => m.attachments)].flat().filter((a) => a.kind === 'image');

const DELIVERY_MARK: Record<DeliveryState, string> = { sent: '✓', delivered: '✓✓', read: '✓✓' };

/** Where my words are: stored (sent), in the customer's app (delivered), on their screen (read) — live. */
function Delivery({ state, t }: { state: DeliveryState; t: AgentT }) {
  return (
    <span className={`delivery delivery-${state}`} data-testid="delivery" data-delivery={state}>
      {' · '}
      <span aria-hidden="true">{DELIVERY_MARK[state]} </span>
      {t(`conversation.${state}`)}
    </span>
  );
}
