'use client';

import { useId, useState } from 'react';

/** A button that asks first: the question and "yes" / "cancel" appear in place, focus on "cancel". */
export function ConfirmAction({ label, question, yes, cancel, onConfirm, disabled, danger, testId }: {
  label: string;
  question: string;
  yes: string;
  cancel: string;
  onConfirm: () => Promise<void> | void;
  disabled?: boolean;
  danger?: boolean;
  testId: string;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const questionId = useId();
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={disabled} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <div className="inline-alert" role="group" aria-labelledby={questionId} data-testid={`${testId}-confirm`}>
      <p id={questionId}>{question}</p>
      <div className="row wrap">
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
              setAsking(false);
            }
          }}
        >
          {yes}
        </button>
        <button type="button" autoFocus onClick={() => setAsking(false)} disabled={busy}>
          {cancel}
        </button>
      </div>
    </div>
  );
}
