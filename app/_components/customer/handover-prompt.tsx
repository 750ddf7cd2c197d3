'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import { AgentCardView } from './agent-card';
import { useErrorText } from './error-text';
import { useCustomer } from './store-provider';

/**
 * "Your agent has left — who should look after you?": the suggested next agent (their card, so the
 * customer sees whom they would take), and the two answers. Until the customer answers, requests are
 * covered by colleagues as usual, and the prompt says so: nothing is urgent, nothing is decided for them.
 */
export function HandoverPrompt({ askMotion }: { askMotion: () => void }) {
  const t = useTranslations('customer.handover');
  const errorText = useErrorText();
  const locale = useLocale();
  const { handover, busy, error, answer, startMatch } = useCustomer(
    useShallow((s) => ({ handover: s.handover, busy: s.handoverBusy, error: s.handoverError, answer: s.answerHandover, startMatch: s.startMatch })),
  );
  if (!handover || handover.status !== 'pending') return null;
  const nameOf = (a: { name: string; nameZh: string }) => (locale === 'zh-CN' ? a.nameZh || a.name : a.name);
  const from = nameOf(handover.from);

  return (
    <section className="handover" aria-labelledby="handover-title" data-testid="handover">
      <h2 id="handover-title">{handover.reason === 'moved' ? t('movedTitle', { name: from }) : t('leftTitle', { name: from })}</h2>
      <p>{handover.suggested ? t('suggest', { name: nameOf(handover.suggested) }) : t('nobody')}</p>
      {handover.suggested && (
        <div data-testid="handover-suggested">
          <AgentCardView agent={handover.suggested} labelledBy="handover-title" />
        </div>
      )}
      <p className="muted">{t('meanwhile')}</p>
      {error && (
        <p className="error" role="alert" data-testid="handover-error">
          {error.code === 'candidate_unavailable' ? t('filled') : error.code === 'conflict' ? t('answered') : errorText(error)}
        </p>
      )}
      <div className="handover-actions">
        {handover.suggested && (
          <button type="button" className="primary" disabled={busy} onClick={() => void answer('accept')} data-testid="handover-accept">
            {t('accept', { name: nameOf(handover.suggested) })}
          </button>
        )}
        <button
          type="button"
          className={handover.suggested ? undefined : 'primary'}
          disabled={busy}
          data-testid="handover-choose"
          onClick={() => {
            // Asked inside the tap (iOS): the search that follows may be started by a shake.
            askMotion();
            void answer('choose_again').then((ok) => {
              if (ok) void startMatch();
            });
          }}
        >
          {t('chooseAgain')}
        </button>
      </div>
    </section>
  );
}
