'use client';

import { useState } from 'react';
import type { AgentT } from './use-agent-t';

const CANNED = ['greeting', 'moreInfo', 'working', 'closing'] as const;

type Props = {
  customerName: string;
  t: AgentT;
  /** resolves true once stored; false keeps the text so nothing typed is lost */
  onSend: (body: string) => Promise<boolean>;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
};

/** Enter sends, Shift+Enter starts a new line; canned replies fill the box for editing before sending. */
export function Composer({ customerName, t, onSend, textareaRef }: Props) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [cannedOpen, setCannedOpen] = useState(false);

  const send = async () => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    if (await onSend(body)) setText('');
    setBusy(false);
    textareaRef.current?.focus();
  };

  const useCanned = (key: (typeof CANNED)[number]) => {
    setText((now) => (now.trim() ? `${now.trimEnd()}\n${t(`conversation.cannedItems.${key}`)}` : t(`conversation.cannedItems.${key}`)));
    setCannedOpen(false);
    textareaRef.current?.focus();
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {cannedOpen && (
        <ul className="plain canned-list" id="canned-list" data-testid="canned-list">
          {CANNED.map((key) => (
            <li key={key}>
              <button type="button" className="canned" onClick={() => useCanned(key)}>
                {t(`conversation.cannedItems.${key}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="visually-hidden" htmlFor="composer-input">
        {t('conversation.composerLabel', { name: customerName })}
      </label>
      <textarea
        id="composer-input"
        ref={textareaRef}
        value={text}
        rows={2}
        maxLength={2000}
        placeholder={t('conversation.placeholder')}
        data-testid="composer"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Enter sends; Shift+Enter is a new line; an IME composing Chinese uses Enter to confirm, not to send.
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div className="composer-actions">
        <button type="button" className="quiet" aria-expanded={cannedOpen} aria-controls="canned-list" onClick={() => setCannedOpen((o) => !o)} data-testid="canned">
          {t('conversation.canned')}
        </button>
        <button type="submit" className="primary" disabled={busy || !text.trim()} data-testid="send">
          {busy ? t('conversation.sending') : t('conversation.send')}
        </button>
      </div>
    </form>
  );
}
