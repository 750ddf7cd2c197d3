'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import type { OutboxItem } from '@/stores/customer/outbox.ts';
import { newestAgentWords } from '@/stores/customer/read-marks-slice.ts';
import type { RequestMessage, ServiceRequest } from '@/stores/customer/types.ts';
import { NEW_REQUEST_DRAFT, canSendWithRequest } from '@/stores/customer/drafts-slice.ts';
import { AddMessage, MAX_LENGTH } from './add-message';
import { AttachFiles, DraftHold, useDraftFiles } from './attach-files';
import { useErrorText } from './error-text';
import { RateRequest } from './rate-request';
import { QueuedFiles, SentFiles } from './sent-files';
import { useCustomer } from './store-provider';

/** Dates in the reader's language and time zone; rendered only in the browser, so no mismatch. */
const useShortTime = () => {
  const locale = useLocale();
  return useMemo(() => {
    const fmt = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    return (iso: string) => fmt.format(new Date(iso));
  }, [locale]);
};

export function RequestForm() {
  const t = useTranslations('customer.requests');
  const { sendRequest, offline, dismissNotice, clearDraft } = useCustomer(
    useShallow((s) => ({ sendRequest: s.sendRequest, offline: !s.online || !s.reachable, dismissNotice: s.dismissNotice, clearDraft: s.clearDraft })),
  );
  const [message, setMessage] = useState('');
  const files = useDraftFiles(NEW_REQUEST_DRAFT);
  const ready = canSendWithRequest(files);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    if (!text || !ready) return;
    // The outbox keeps it, with its files, from this moment: the box can be cleared at once, online or not.
    void sendRequest(text, files);
    setMessage('');
    clearDraft(NEW_REQUEST_DRAFT);
    // The first request is the moment the "now your exclusive agent" news has done its job.
    dismissNotice();
  };

  return (
    <form className="card" onSubmit={submit}>
      <label id="request-label" htmlFor="request-message" className="label-strong">
        {t('label')}
      </label>
      <textarea
        id="request-message"
        name="message"
        value={message}
        maxLength={MAX_LENGTH}
        placeholder={t('placeholder')}
        aria-describedby="request-hint"
        onChange={(e) => setMessage(e.target.value)}
      />
      <p id="request-hint" className="field-hint">
        {offline ? t('offlineHint') : t('hint', { left: MAX_LENGTH - message.length })}
      </p>
      <AttachFiles draft={NEW_REQUEST_DRAFT} idPrefix="request-files" />
      <DraftHold files={files} />
      <button className="primary" type="submit" disabled={!message.trim() || !ready} data-testid="send-request">
        {t('send')}
      </button>
    </form>
  );
}

export function RequestsList() {
  const t = useTranslations('customer.requests');
  const errorText = useErrorText();
  const time = useShortTime();
  const { requests, status, error, outbox, customerId, offline, loadRequests, retry, discard } = useCustomer(
    useShallow((s) => ({
      offline: !s.online || !s.reachable,
      requests: s.requests,
      status: s.requestsStatus,
      error: s.requestsError,
      outbox: s.outbox,
      customerId: s.customerId,
      loadRequests: s.loadRequests,
      retry: s.retryOutboxItem,
      discard: s.discardOutboxItem,
    })),
  );
  const mine = outbox.filter((i) => i.customerId === customerId).reverse();
  const nothing = !mine.length && !requests.length;

  return (
    <section className="card" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('title')}</h2>
      {status === 'loading' && nothing && (
        <div role="status" className="skeleton-list">
          <span className="visually-hidden">{t('loading')}</span>
          <div className="skeleton-line wide" aria-hidden="true" />
          <div className="skeleton-line" aria-hidden="true" />
        </div>
      )}
      {status === 'error' && error && (
        <div className="inline-alert" role="alert">
          <p>{nothing ? t('loadFailed') : t('staleList')}</p>
          {error.code !== 'network' && (
            <button type="button" onClick={() => void loadRequests()}>
              {t('reload')}
            </button>
          )}
        </div>
      )}
      {status !== 'loading' && status !== 'error' && nothing && (
        <p className="muted" data-testid="requests-empty">
          {t('empty')}
        </p>
      )}
      {!nothing && (
        <ul className="request-list" data-testid="requests">
          {mine.map((item) => (
            <QueuedRequest key={item.key} item={item} offline={offline} time={time(item.createdAt)} onRetry={() => void retry(item.key)} onDiscard={() => discard(item.key)} errorText={errorText} />
          ))}
          {requests.map((r) => (
            <SentRequest key={r.id} request={r} time={time(r.createdAt)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SentRequest({ request, time }: { request: ServiceRequest; time: string }) {
  const t = useTranslations('customer.requests.status');
  const threadRef = useRef<HTMLOListElement | null>(null);
  useMarkShown(request, threadRef);
  return (
    <li className="request" data-status={request.status} data-testid="request" id={`request-${request.id}`} tabIndex={-1}>
      <p className="request-message">{request.message}</p>
      <SentFiles files={request.attachments} />
      <p className="request-meta">
        <span className={`pill pill-${request.status}`} data-testid="request-status">
          {t(request.status)}
        </span>
        <time dateTime={request.createdAt}>{time}</time>
      </p>
      <WhoAnswers request={request} />
      {request.messages && request.messages.length > 0 && (
        <ol className="plain customer-thread" data-testid="thread" ref={threadRef}>
          {request.messages.map((m) => (
            <ThreadMessage key={m.id} message={m} />
          ))}
        </ol>
      )}
      <ReadState request={request} />
      {request.status !== 'resolved' && <AddMessage requestId={request.id} />}
      {request.status === 'resolved' && <RateRequest requestId={request.id} />}
    </li>
  );
}

/**
 * Tells my agent I have read their words: when the thread is on screen (at least partly in view) in a
 * visible page, the newest of their messages counts as read. The store sends only news, and keeps a
 * mark made offline until the app is back online.
 */
function useMarkShown(request: ServiceRequest, ref: React.RefObject<HTMLElement | null>) {
  const noteSeen = useCustomer((s) => s.noteSeen);
  const newest = newestAgentWords(request);
  const known = request.customerReadUpTo;
  const id = request.id;
  useEffect(() => {
    const el = ref.current;
    if (!newest || !el || (known && known >= newest)) return;
    let inView = typeof IntersectionObserver === 'undefined';
    const report = () => {
      if (inView && document.visibilityState === 'visible') noteSeen(id, { readUpTo: newest });
    };
    const observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            inView = entries.some((e) => e.isIntersecting);
            report();
          });
    observer?.observe(el);
    report();
    document.addEventListener('visibilitychange', report);
    return () => {
      observer?.disconnect();
      document.removeEventListener('visibilitychange', report);
    };
  }, [id, newest, known, noteSeen, ref]);
}

/**
 * Whether my agent has read my latest words (the request or my last message in its thread): the server
 * keeps how far the agent read, and tells this page live the moment they open the conversation.
 */
function ReadState({ request }: { request: ServiceRequest }) {
  const t = useTranslations('customer.requests');
  const mine = [request.createdAt, ...(request.messages ?? []).filter((m) => m.author === 'customer').map((m) => m.createdAt)];
  const latest = mine.reduce((a, b) => (b > a ? b : a));
  const read = !!request.readUpTo && request.readUpTo >= latest;
  return (
    <p className={`read-state${read ? ' read' : ''}`} data-testid="read-state" data-read={read}>
      <span aria-hidden="true">{read ? '✓✓ ' : '✓ '}</span>
      {read ? t('read') : t('sent')}
    </p>
  );
}

/** One message of the thread: mine, or my agent's (named in my language). */
function ThreadMessage({ message }: { message: RequestMessage }) {
  const t = useTranslations('customer.requests');
  const zh = useLocale() === 'zh-CN';
  const mine = message.author === 'customer';
  const name = message.agent ? (zh ? message.agent.nameZh || message.agent.name : message.agent.name) : '';
  return (
    <li className={`reply ${mine ? 'reply-mine' : ''}`} data-testid={mine ? 'my-message' : 'reply'}>
      <p className="field-hint">{mine ? t('fromMe') : t('replyFrom', { name })}</p>
      {message.body && <p className="request-message">{message.body}</p>}
      <SentFiles files={message.attachments} />
    </li>
  );
}

/**
 * Honest about who has the request now (lib/requests/routing-policy.ts), from what the server
 * says — never from what was hoped when it was sent: with my agent, with a cover, or waiting for my
 * agent with the reason; while it waits the customer may wait or ask once for help now.
 */
function WhoAnswers({ request }: { request: ServiceRequest }) {
  const t = useTranslations('customer.requests');
  const zh = useLocale() === 'zh-CN';
  const errorText = useErrorText();
  const { myAgent, takeCover, waitForAgent, coverError } = useCustomer(
    useShallow((s) => ({ myAgent: s.myAgent, takeCover: s.takeCover, waitForAgent: s.waitForAgent, coverError: s.coverError })),
  );
  const [busy, setBusy] = useState(false);
  if (request.status === 'resolved') return null;
  const nameOf = (a: { name: string; nameZh: string } | null | undefined) => (a ? (zh ? a.nameZh : a.name) : '');
  const bound = nameOf(myAgent ?? request.routing?.boundAgent ?? request.routing?.agent);
  const holder = request.agent ?? (request.agentId === myAgent?.id ? myAgent : request.routing?.agent);
  if (request.cover || (myAgent && request.agentId && request.agentId !== myAgent.id)) {
    return (
      <p className="field-hint" data-testid="covered">
        {t('covered', { name: nameOf(holder), bound })}
      </p>
    );
  }
  const holdReason = request.holdReason ?? (request.routing?.decision === 'held' && request.status === 'pending' && request.holdReason === undefined ? request.routing.reason : null);
  if (!holdReason || request.status !== 'pending') {
    return (
      <p className="field-hint" data-testid="holder">
        {t('with', { name: bound })}
      </p>
    );
  }
  if (request.waitForBound) {
    return (
      <p className="field-hint" data-testid="waiting-for-agent">
        {t(`waitingFor.${holdReason}`, { name: bound })}
      </p>
    );
  }
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    await work();
    setBusy(false);
  };
  return (
    <div className="inline-alert" role="status" data-testid="held">
      <p>{t(`held.${holdReason}`, { name: bound })}</p>
      {coverError && <p className="field-error">{coverError.code === 'no_cover' ? t('noCover') : errorText(coverError)}</p>}
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void run(() => waitForAgent(request.id))} data-testid="wait">
          {t('wait')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void run(() => takeCover(request.id))} data-testid="take-cover">
          {t('cover')}
        </button>
      </div>
    </div>
  );
}

function QueuedRequest({
  item,
  offline,
  time,
  onRetry,
  onDiscard,
  errorText,
}: {
  item: OutboxItem;
  offline: boolean;
  time: string;
  onRetry: () => void;
  onDiscard: () => void;
  errorText: ReturnType<typeof useErrorText>;
}) {
  const t = useTranslations('customer.requests');
  const failed = item.status === 'failed';
  return (
    <li className="request" data-status={failed ? 'failed' : 'queued'} data-testid="request" aria-live="polite">
      <p className="request-message">{item.message}</p>
      <QueuedFiles files={item.files} />
      <p className="request-meta">
        <span className={`pill ${failed ? 'pill-failed' : 'pill-queued'}`} data-testid="request-status">
          {failed ? t('status.failed') : offline ? t('status.queued') : t('status.sending')}
        </span>
        <time dateTime={item.createdAt}>{time}</time>
      </p>
      {failed && (
        <>
          {item.error && <p className="field-error">{errorText(item.error)}</p>}
          <div className="row">
            <button type="button" onClick={onRetry}>
              {t('retry')}
            </button>
            <button type="button" className="ghost" onClick={onDiscard}>
              {t('discard')}
            </button>
          </div>
        </>
      )}
    </li>
  );
}
