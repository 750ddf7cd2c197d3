'use client';

import { useId } from 'react';
import { useTranslations } from 'next-intl';
import type { ShakeSensitivity } from '../../../lib/shake/detector';
import type { useFindGesture } from '../use-find-gesture';

const LEVELS: readonly ShakeSensitivity[] = ['gentle', 'normal', 'firm'];

/**
 * Under the find button: help after a shake that did not count, and the sensitivity picker. Both only
 * where shaking works on this device (motion events arrive); elsewhere the status hint says why not.
 */
export function ShakeHelp({ gesture }: { gesture: ReturnType<typeof useFindGesture> }) {
  const t = useTranslations('customer.shake');
  const name = useId();
  const { coach, canShake, sensitivity } = gesture;
  return (
    <>
      {coach && (
        <div className="inline-alert" role="status" data-testid="shake-coach">
          <p>{t(coach)}</p>
          <div className="row">
            {coach === 'nearMiss' && (
              <button type="button" className="primary" onClick={gesture.switchToGentle} data-testid="use-gentle">
                {t('useGentle')}
              </button>
            )}
            <button type="button" onClick={gesture.dismissCoach}>
              {t('dismiss')}
            </button>
          </div>
        </div>
      )}
      {canShake && (
        <details className="shake-settings" data-testid="shake-settings">
          <summary>{t('settings')}</summary>
          <fieldset>
            <legend className="visually-hidden">{t('settings')}</legend>
            {LEVELS.map((level) => (
              <label key={level} className="choice">
                <input type="radio" name={name} value={level} checked={sensitivity === level} onChange={() => gesture.setSensitivity(level)} />
                <span>
                  <strong>{t(`levels.${level}`)}</strong>
                  <span className="muted"> — {t(`levelHints.${level}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </details>
      )}
    </>
  );
}
