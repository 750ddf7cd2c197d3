'use client';

import { useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import type { AgentCard } from '@/stores/customer/types.ts';
import { AgentCardView } from './agent-card';
import { useErrorText } from './error-text';
import { ScreenHeading } from './screen-heading';
import { FIND_BUTTON_ID } from './shake-help';
import { prefersReducedMotion, SwipeCard, type SwipeDirection } from './swipe-card';
import { useCustomer } from './store-provider';
import { useAgentWatch } from './use-agent-watch';

/** Resolves when the card's fly-out ends; at once when motion is reduced or nothing animates. */
const afterLeaving = (el: HTMLElement | null): Promise<void> =>
  new Promise((resolve) => {
    if (!el || prefersReducedMotion()) return resolve();
    const done = () => {
      el.removeEventListener('transitionend', onEnd);
      clearTimeout(fallback);
      resolve();
    };
    const onEnd = (e: TransitionEvent) => e.target === el && e.propertyName === 'transform' && done();
    // If the transition never starts (hidden tab, display change), do not hang the journey.
    const fallback = setTimeout(done, 600);
    el.addEventListener('transitionend', onEnd);
  });

/** `askMotion`: asks for motion permission (iOS) from the taps that start the find again; see use-find-gesture. */
export function FindScreen({ askMotion, shakeHelp }: { askMotion: () => void; shakeHelp?: ReactNode }) {
  const t = useTranslations('customer.find');
  const errorText = useErrorText();
  const { match, matchStatus, matchError, pending, skip, choose, startMatch, leaveMatch } = useCustomer(
    useShallow((s) => ({
      match: s.match,
      matchStatus: s.matchStatus,
      matchError: s.matchError,
      pending: s.pending,
      skip: s.skip,
      choose: s.choose,
      startMatch: s.startMatch,
      leaveMatch: s.leaveMatch,
    })),
  );
  const [leaving, setLeaving] = useState<SwipeDirection | null>(null);
  // While a card flies out, it stays the one on screen even if the next one has already arrived.
  const [shown, setShown] = useState<AgentCard | null>(null);
  // The skipped card has finished leaving: until the next one arrives, a placeholder stands in its place.
  const [cardGone, setCardGone] = useState(false);
  const cardRef = useRef<HTMLDivElement>(null);

  const decide = async (direction: SwipeDirection) => {
    if (leaving || pending || !match?.agent) return;
    setShown(match.agent);
    setLeaving(direction);
    const animation = afterLeaving(cardRef.current?.querySelector<HTMLElement>('.swipe-card') ?? null);
    if (direction === 'left') {
      const next = skip();
      await animation;
      setCardGone(true);
      await next;
    } else {
      // Choosing may open the contact form: let the card finish leaving first.
      await animation;
      await choose();
    }
    setShown(null);
    setLeaving(null);
    setCardGone(false);
  };

  const agent = shown ?? match?.agent ?? null;
  // Nobody left to show: the screen's title says so, instead of promising the best agent online.
  const exhaustedReason = match && !agent ? (match.reason ?? 'all_skipped') : null;
  // The next card is on its way (after a skip): a placeholder where it will be, and no decisions meanwhile.
  const nextLoading = pending === 'skip' && cardGone;

  return (
    <section className="screen" aria-labelledby="find-title">
      <div className="screen-top">
        <button type="button" className="ghost" onClick={leaveMatch}>
          <span aria-hidden="true">‹ </span>
          {t('back')}
        </button>
      </div>
      <ScreenHeading id="find-title">{exhaustedReason ? t(`exhausted.${exhaustedReason}.title`) : t('title')}</ScreenHeading>

      {matchStatus === 'loading' && (
        <div className="agent-card skeleton" role="status" aria-live="polite">
          <span className="visually-hidden">{t('finding')}</span>
          <div className="skeleton-line wide" aria-hidden="true" />
          <div className="skeleton-line" aria-hidden="true" />
          <div className="skeleton-line" aria-hidden="true" />
          <p className="muted center">{t('finding')}</p>
        </div>
      )}

      {matchStatus === 'error' && matchError && (
        <div className="card" role="alert">
          <p className="error">{errorText(matchError)}</p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              askMotion();
              void startMatch();
            }}
          >
            {t('tryAgain')}
          </button>
        </div>
      )}

      {match && agent && (
        <>
          <p className="muted" aria-live="polite">
            {nextLoading ? t('findingNext') : t('remaining', { count: match.remaining })}
          </p>
          <div
            ref={cardRef}
            className="deck"
            role="group"
            tabIndex={0}
            aria-label={t('deckLabel')}
            onKeyDown={(e) => {
              if (e.key === 'ArrowLeft') void decide('left');
              if (e.key === 'ArrowRight') void decide('right');
            }}
          >
            {nextLoading ? (
              <div className="agent-card skeleton" aria-hidden="true" data-testid="next-loading">
                <div className="skeleton-line wide" />
                <div className="skeleton-line" />
                <div className="skeleton-line" />
              </div>
            ) : (
              <SwipeCard key={agent.id} leaving={leaving} disabled={!!pending} onDecide={(d) => void decide(d)}>
                <AgentCardView agent={agent} />
              </SwipeCard>
            )}
          </div>
          {matchError && (
            <p className="error" role="alert" data-testid="error">
              {errorText(matchError)}
            </p>
          )}
          <div className="decision-bar">
            <button type="button" className="skip-button" onClick={() => void decide('left')} disabled={!!pending || !!leaving} data-testid="skip">
              <span aria-hidden="true">✕ </span>
              {t('skip')}
            </button>
            <button type="button" className="primary" onClick={() => void decide('right')} disabled={!!pending || !!leaving} data-testid="choose">
              <span aria-hidden="true">✓ </span>
              {t('choose')}
            </button>
          </div>
          <p className="hint">{t('swipeHint')}</p>
        </>
      )}

      {match && !agent && <Exhausted askMotion={askMotion} shakeHelp={shakeHelp} />}
    </section>
  );
}

function Exhausted({ askMotion, shakeHelp }: { askMotion: () => void; shakeHelp?: ReactNode }) {
  const t = useTranslations('customer.find.exhausted');
  const { reason, watch, startMatch, startWatching, stopWatching, checkForNewAgent, showFoundAgent } = useCustomer(
    useShallow((s) => ({
      reason: s.match?.reason ?? 'all_skipped',
      watch: s.watch,
      startMatch: s.startMatch,
      startWatching: s.startWatching,
      stopWatching: s.stopWatching,
      checkForNewAgent: s.checkForNewAgent,
      showFoundAgent: s.showFoundAgent,
    })),
  );
  useAgentWatch(watch.state === 'waiting', checkForNewAgent);

  return (
    <div className="card center" data-testid="exhausted">
      <div className="empty-icon" aria-hidden="true">
        {reason === 'none_online' ? (
          <svg viewBox="0 0 48 48" width="48" height="48">
            <path d="M30 6a18 18 0 1 0 12 30A16 16 0 0 1 30 6z" fill="currentColor" />
          </svg>
        ) : (
          <svg viewBox="0 0 48 48" width="48" height="48" fill="none" stroke="currentColor" strokeWidth="3" strokeLinejoin="round">
            <rect x="12" y="8" width="26" height="32" rx="4" transform="rotate(8 25 24)" opacity=".45" />
            <rect x="10" y="8" width="26" height="32" rx="4" />
            <path d="M17 24l5 5 8-10" strokeLinecap="round" />
          </svg>
        )}
      </div>
      <p className="muted">{t(`${reason}.body`)}</p>
      {watch.state === 'off' && (
        <div className="stack">
          <button
            type="button"
            className="primary"
            onClick={() => {
              askMotion();
              void startMatch();
            }}
            id={FIND_BUTTON_ID}
            data-testid="start-over"
          >
            {t(`${reason}.again`)}
          </button>
          <button type="button" onClick={startWatching} data-testid="notify-me">
            {t('notifyMe')}
          </button>
          {shakeHelp}
        </div>
      )}
      {watch.state === 'waiting' && (
        <div className="stack">
          <p role="status" data-testid="waiting">
            <span className="spinner" aria-hidden="true" /> {t('waiting')}
          </p>
          <button type="button" onClick={stopWatching}>
            {t('stopWaiting')}
          </button>
        </div>
      )}
      {watch.state === 'found' && (
        <div className="stack">
          <p role="status" className="ok" data-testid="agent-came-online">
            {t('found')}
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              askMotion();
              showFoundAgent();
            }}
            data-testid="show-found"
          >
            {t('showMe')}
          </button>
        </div>
      )}
    </div>
  );
}
