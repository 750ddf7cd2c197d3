'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { canSendWithMessage, messageDraft } from '@/stores/customer/drafts-slice.ts';
import { AttachFiles, DraftHold, useDraftFiles } from './attach-files';
import { useErrorText } from './error-text';
import { useCustomer } from './store-provider';

/** The longest message or request the server takes. */
export const MAX_LENGTH = 2000;

/**
 * Add to the conversation while it is open: words, files, or both. Enter sends, Shift+Enter is a new
 * line. What failed stays in the box (words and files), to send again.
 */
export function AddMessage({ requestId }: { requestId: string }) {
  const t = useTranslations('customer.requests');
  const errorText = useErrorText();
  const sendMessage = useCustomer((s) => s.sendMessage);
  const clearDraft = useCustomer((s) => s.clearDraft);
  const draft = messageDraft(requestId);
  const files = useDraftFiles(draft);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSend = !busy && (!!text.trim() || files.length > 0) && canSendWithMessage(files);
  const send = async () => {
    if (!canSend) return;
    setBusy(true);
    setError(null);
    // canSend: every file is uploaded, so each has its id.
    const failed = await sendMessage(requestId, text.trim(), files.map((f) => f.uploadId!));
    setBusy(false);
    if (failed) {
      setError(errorText(failed));
      return;
    }
    setText('');
    clearDraft(draft);
  };
  const inputId = `add-${requestId}`;
  return (
    <form
      className="add-message"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor={inputId} className="visually-hidden">
        {t('addLabel')}
      </label>
      <textarea
        id={inputId}
        rows={1}
        value={text}
        maxLength={MAX_LENGTH}
        placeholder={t('addPlaceholder')}
        data-testid="add-message"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" disabled={!canSend} data-testid="send-message">
        {t('addSend')}
      </button>
      <div className="add-message-files">
        <AttachFiles draft={draft} idPrefix={`add-${requestId}-files`} compact />
        <DraftHold files={files} waitingHolds />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
