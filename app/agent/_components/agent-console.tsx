'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiFailure } from '../../_components/api';
import { useAgentConsole } from '../../../stores/agent/store';
import { buildInbox, newestCustomerWords, step } from '../../../stores/agent/inbox';
import type { AgentStatus, SignedInAgent } from '../../../stores/agent/types';
import { LanguageSwitcher } from '../../_components/language-switcher';
import { AgentSignInForm } from './sign-in-form';
import { ConsoleHeader } from './console-header';
import { ConversationList } from './conversation-list';
import { ConversationPane } from './conversation-pane';
import { CustomerPane } from './customer-pane';
import { UpcomingCalls } from './upcoming-calls';
import { useAlerting } from './use-alerting';
import { useAgentSocket } from './use-agent-socket';
import type { WorkBody, WorkEvent, WorkResult } from '../../../lib/realtime/events.ts';
import { useConversationOnScreen } from './use-conversation-on-screen';
import { useAgentT, type AgentT } from './use-agent-t';

/** Which pane a phone shows (one at a time); wide screens show all three. */
type View = 'list' | 'conversation' | 'customer';

const ERROR_KEYS = ['network', 'conflict', 'not_found', 'no_cover', 'invalid_input'] as const;
/** The console's words for a failure come from the message files, never from the server's English text. */
const errorText = (t: AgentT, code?: string) => t(`errors.${(ERROR_KEYS as readonly string[]).includes(code ?? '') ? (code as (typeof ERROR_KEYS)[number]) : 'generic'}`);

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function AgentConsole() {
  const t = useAgentT();
  const agent = useAgentConsole((s) => s.agent);
  const expired = useAgentConsole((s) => s.expired);
  // Here, not in the inbox: the sign-in click or key is the gesture that lets the browser play sound.
  const alerting = useAlerting(t);

  useEffect(() => {
    api<{ agent: SignedInAgent }>('/api/agent/me')
      .then(({ agent }) => useAgentConsole.getState().setAgent(agent))
      .catch(() => useAgentConsole.getState().setAgent(null));
  }, []);

  if (agent === undefined) {
    return (
      <main className="console-loading" aria-busy="true">
        <p className="muted">{t('inbox.loading')}</p>
      </main>
    );
  }
  if (agent === null) {
    return (
      <main className="sign-in-page">
        <div className="sign-in-top">
          <LanguageSwitcher />
        </div>
        <AgentSignInForm t={t} onSignedIn={(a) => useAgentConsole.getState().setAgent(a)} />
      </main>
    );
  }
  return <Inbox agent={agent} expired={expired} t={t} alerting={alerting} />;
}

function Inbox({ agent, expired, t, alerting }: { agent: SignedInAgent; expired: boolean; t: AgentT; alerting: ReturnType<typeof useAlerting> }) {
  const connected = useAgentConsole((s) => s.connected);
  const order = useAgentConsole((s) => s.order);
  const requests = useAgentConsole((s) => s.requests);
  const customers = useAgentConsole((s) => s.customers);
  const listState = useAgentConsole((s) => s.listState);
  const selectedId = useAgentConsole((s) => s.selectedId);
  const read = useAgentConsole((s) => s.read);
  const [view, setView] = useState<View>('list');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLElement | null>(null);
  const composerRef = useRef<HTMLTextAreaElement | null>(null);

  const { emit, reload } = useAgentSocket({ onFresh: alerting.announce, onWithdrawn: () => setNotice(t('requests.withdrawn')) });

  const inbox = useMemo(() => buildInbox(order.map((id) => requests[id]!), read), [order, requests, read]);
  const selected = selectedId ? (requests[selectedId] ?? null) : null;

  // What is on screen is read: the open conversation's customer messages, also those arriving while it is
  // open. The server keeps the mark (counts survive a reload) and tells the customer their words were read.
  const newestWords = selected ? newestCustomerWords(selected) : null;
  const onScreen = useConversationOnScreen(view);
  useEffect(() => {
    if (!selectedId || !newestWords || !onScreen) return;
    if (useAgentConsole.getState().markRead(selectedId, newestWords)) void emit('service-request:read', { id: selectedId, upTo: newestWords });
  }, [selectedId, newestWords, onScreen, emit]);

  const show = useCallback((id: string) => {
    setError(null);
    useAgentConsole.getState().select(id);
  }, []);

  /** Into the conversation: its next action gets the focus (acknowledge, else the composer). */
  const open = useCallback(
    (id: string) => {
      show(id);
      setView('conversation');
      requestAnimationFrame(() => {
        const ack = document.querySelector<HTMLButtonElement>('[data-testid="ack"]');
        (ack ?? composerRef.current ?? headingRef.current)?.focus();
      });
    },
    [show],
  );

  // j / k move through the list (and show that conversation), Enter goes into it, Escape back to the list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || expired) return;
      if (e.key === 'Escape' && isTyping(e.target)) {
        (e.target as HTMLElement).blur();
        document.querySelector<HTMLButtonElement>('[data-testid="conversation"][aria-current="true"]')?.focus();
        setView('list');
        return;
      }
      if (isTyping(e.target)) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        const next = step(inbox.flat, useAgentConsole.getState().selectedId, e.key === 'j' ? 1 : -1);
        if (!next) return;
        show(next);
        requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-testid="conversation"][data-id="${next}"]`)?.focus());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [inbox, show, open, expired]);

  const act = useCallback(
    async <E extends WorkEvent>(event: E, body: WorkBody<E>, onOk?: (answer: { ok: true; request: WorkResult<E> }) => void): Promise<boolean> => {
      setError(null);
      setBusy(true);
      const result = await emit(event, body);
      setBusy(false);
      if (result.ok) {
        onOk?.(result);
        return true;
      }
      setError(errorText(t, result.error.code));
      // The request changed under us: the list is brought up to date.
      if (result.error.code === 'conflict' || result.error.code === 'not_found') reload().catch(() => {});
      return false;
    },
    [emit, t, reload],
  );

  const signOut = async () => {
    await api('/api/agent/logout', { method: 'POST' }).catch(() => null);
    useAgentConsole.getState().clearRequests();
    useAgentConsole.getState().setAgent(null);
  };

  // Over HTTP, so the status can be set even while the live connection is still coming up.
  const setStatus = async (status: AgentStatus) => {
    setError(null);
    try {
      await api('/api/agent/status', { method: 'PUT', body: { status } });
      useAgentConsole.getState().setStatus(status);
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) useAgentConsole.getState().setExpired(true);
      else setNotice(errorText(t, err instanceof ApiFailure && err.status === 0 ? 'network' : undefined));
    }
  };

  const store = useAgentConsole.getState;
  return (
    <div className="console">
      <ConsoleHeader agent={agent} connected={connected} alerting={alerting} t={t} onStatus={setStatus} onSignOut={signOut} />
      {notice && (
        <p className="console-notice" role="status">
          {notice}
          <button className="quiet" onClick={() => setNotice(null)} aria-label="×">
            ×
          </button>
        </p>
      )}
      {expired && (
        <div className="overlay">
          <AgentSignInForm t={t} expired onSignedIn={(a) => store().setAgent(a)} />
        </div>
      )}
      <main className="inbox" data-view={view} data-testid="inbox">
        <ConversationList inbox={inbox} state={listState} selectedId={selectedId} t={t} onOpen={open} onRetry={() => reload().catch(() => {})} below={<UpcomingCalls t={t} />} />
        <ConversationPane
          request={selected}
          myId={agent.id}
          t={t}
          error={error}
          busy={busy}
          focusRef={headingRef}
          composerRef={composerRef}
          onBack={() => setView('list')}
          onShowCustomer={() => setView('customer')}
          onAcknowledge={(id) =>
            void act('service-request:ack', { id }, () => {
              store().updateStatus(id, 'acknowledged');
              requestAnimationFrame(() => composerRef.current?.focus());
            })
          }
          onDecline={(id) => void act('service-request:decline', { id }, () => store().removeRequest(id))}
          onResolve={(id) => void act('service-request:resolve', { id }, () => store().updateStatus(id, 'resolved'))}
          onReply={(id, body) => act('service-request:reply', { id, body }, (res) => store().addMessage(res.request))}
        />
        <CustomerPane request={selected} customers={customers} t={t} onBack={() => setView('conversation')} />
      </main>
    </div>
  );
}
