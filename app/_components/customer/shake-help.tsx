'use client';

import { useEffect, useId, useRef } from 'react';
import { useTranslations } from 'next-intl';
import type { ShakeSensitivity } from '../../../lib/shake/detector';
import type { useFindGesture } from '../use-find-gesture';

const LEVELS: readonly ShakeSensitivity[] = ['gentle', 'normal', 'firm'];

/** The id of the button a shake stands in for on each screen (one is shown at a time); focus returns there. */
export const FIND_BUTTON_ID = 'find-button';

/** The "change my agent" dialog of the home screen (a shake there opens it). */
export const CHANGE_DIALOG_ID = 'change-agent-dialog';

/**
 * Under the find button: help after a shake that did not count, and the sensitivity picker — both only
 * where shaking works on this device (motion events arrive); elsewhere the status hint says why not.
 *
 * The help's text sits in a live region that is always in the page (screen readers announce changes to
 * an existing region, not a region that appears with its text); its buttons are outside it. When a
 * button removes itself, focus goes to the text that replaced it, or back to the find button.
 */
export function ShakeHelp({ gesture }: { gesture: ReturnType<typeof useFindGesture> }) {
  const t = useTranslations('customer.shake');
  const name = useId();
  const message = useRef<HTMLParagraphElement>(null);
  const focusMessage = useRef(false);
  const { coach, canShake, sensitivity } = gesture;
  const level = (l: ShakeSensitivity) => t(`levels.${l}`);

  useEffect(() => {
    if (focusMessage.current && coach) message.current?.focus();
    focusMessage.current = false;
  }, [coach]);

  return (
    <>
      <div className={coach ? 'inline-alert' : undefined} data-testid={coach ? 'shake-coach' : undefined}>
        <p role="status" ref={message} tabIndex={-1} className={coach ? undefined : 'visually-hidden'}>
          {coach ? t(coach.kind, { level: level(coach.level) }) : ''}
        </p>
        {coach && (
          <div className="row">
            {coach.kind === 'nearMiss' && (
              <button
                type="button"
                className="primary"
                onClick={() => {
                  focusMessage.current = true;
                  gesture.acceptSuggestion();
                }}
                data-testid="accept-suggestion"
              >
                {t('switchTo', { level: level(coach.level) })}
              </button>
            )}
            <button
              type="button"
              onClick={() => {
                gesture.dismissCoach();
                document.getElementById(FIND_BUTTON_ID)?.focus();
              }}
            >
              {t('dismiss')}
            </button>
          </div>
        )}
      </div>
      {canShake && (
        <details className="shake-settings" data-testid="shake-settings">
          <summary>{t('settings')}</summary>
          <fieldset>
            <legend className="visually-hidden">{t('settings')}</legend>
            {LEVELS.map((l) => (
              <label key={l} className="choice">
                <input type="radio" name={name} value={l} checked={sensitivity === l} onChange={() => gesture.setSensitivity(l)} />
                <span>
                  <strong>{level(l)}</strong>
                  <span className="muted"> — {t(`levelHints.${l}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </details>
      )}
    </>
  );
}
