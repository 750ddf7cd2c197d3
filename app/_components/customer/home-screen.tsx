'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import { AgentCardView } from './agent-card';
import { GiftButton } from './gift-sheet';
import { RequestForm, RequestsList } from './requests-panel';
import { ScreenHeading } from './screen-heading';
import { CallbacksPanel } from './callbacks-panel';
import { HandoverPrompt } from './handover-prompt';
import { DeepLinkFocus } from '../deep-link-focus';
import { CHANGE_DIALOG_ID, FIND_BUTTON_ID } from './shake-help';
import { useCustomer } from './store-provider';

const NOTICE_MS = 12_000;

/**
 * Home once bound: my agent, a request box, my requests with live status, and a way to change agent.
 * `askMotion` asks for motion permission (iOS) and must run synchronously inside the taps that lead
 * to the find screen.
 */
export function HomeScreen({ gestureMessage, askMotion, shakeHelp }: { gestureMessage: string | null; askMotion: () => void; shakeHelp?: ReactNode }) {
  const t = useTranslations('customer.home');
  const locale = useLocale();
  const { myAgent, notice, dismissNotice } = useCustomer(
    useShallow((s) => ({ myAgent: s.myAgent, notice: s.notice, dismissNotice: s.dismissNotice })),
  );
  // "…is now your exclusive agent" is news for a moment, not a banner for the whole visit.
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(dismissNotice, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismissNotice]);
  if (!myAgent) return null;

  return (
    <section className="screen" aria-labelledby="home-title">
      {notice && (
        <div className="notice" role="status">
          <p data-testid="notice">{t('bound', { name: locale === 'zh-CN' ? notice.nameZh : notice.name })}</p>
          <button type="button" className="icon-button" onClick={dismissNotice} aria-label={t('dismiss')}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
      <HandoverPrompt askMotion={askMotion} />
      <ScreenHeading id="home-title">{t('title')}</ScreenHeading>
      <div data-testid="my-agent">
        <AgentCardView agent={myAgent} labelledBy="home-title" />
      </div>
      <GiftButton />
      <RequestForm />
      <RequestsList />
      <CallbacksPanel />
      <DeepLinkFocus />
      <SettingsLink />
      <ChangeAgent gestureMessage={gestureMessage} askMotion={askMotion} shakeHelp={shakeHelp} />
    </section>
  );
}

export { CHANGE_DIALOG_ID };

/**
 * Changing agent is a real decision (new requests go to someone else): ask first. Both taps on the way
 * to the find screen ask for motion permission: the hint under the button promises that a tap on it
 * allows shaking, and a shake here opens this dialog; the confirm tap asks in case the first did not
 * (it does nothing once this page has an answer).
 */
function ChangeAgent({ gestureMessage, askMotion, shakeHelp }: { gestureMessage: string | null; askMotion: () => void; shakeHelp?: ReactNode }) {
  const t = useTranslations('customer.home.change');
  const locale = useLocale();
  const { myAgent, startMatch } = useCustomer(useShallow((s) => ({ myAgent: s.myAgent, startMatch: s.startMatch })));
  const dialog = useRef<HTMLDialogElement>(null);
  const name = myAgent ? (locale === 'zh-CN' ? myAgent.nameZh : myAgent.name) : '';

  return (
    <div className="change-agent">
      <button
        type="button"
        onClick={() => {
          askMotion();
          dialog.current?.showModal();
        }}
        id={FIND_BUTTON_ID}
        data-testid="find"
      >
        {t('button')}
      </button>
      {gestureMessage && <p className="hint">{gestureMessage}</p>}
      {shakeHelp}
      <dialog ref={dialog} id={CHANGE_DIALOG_ID} aria-labelledby="change-title" aria-describedby="change-body" data-testid="change-dialog">
        <h2 id="change-title">{t('title')}</h2>
        <p id="change-body">{t('body', { name })}</p>
        <form method="dialog" className="dialog-actions">
          <button type="submit" value="cancel" autoFocus>
            {t('cancel')}
          </button>
          <button
            type="button"
            className="primary"
            data-testid="confirm-change"
            onClick={() => {
              askMotion();
              dialog.current?.close();
              void startMatch();
            }}
          >
            {t('confirm')}
          </button>
        </form>
      </dialog>
    </div>
  );
}

function SettingsLink() {
  const t = useTranslations('customer.settings');
  return (
    <p className="center">
      <a href="/settings" className="button-link" data-testid="settings-link">
        {t('link')}
      </a>
    </p>
  );
}
