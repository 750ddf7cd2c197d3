'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useShake } from '../../lib/shake/use-shake';
import { shakeHint } from '../../lib/shake/permission';
import type { ShakeSensitivity } from '../../lib/shake/detector';

const SENSITIVITY_KEY = 'ea-shake-sensitivity';

/** The sensitivity the customer picked (gentle / normal / firm), kept on this device. */
export const readSensitivity = (): ShakeSensitivity => {
  const v = globalThis.localStorage?.getItem(SENSITIVITY_KEY);
  return v === 'gentle' || v === 'firm' ? v : 'normal';
};

export const saveSensitivity = (s: ShakeSensitivity) => globalThis.localStorage?.setItem(SENSITIVITY_KEY, s);

/**
 * The find gesture of patent claims 6–8: a shake (lib/shake's measured detector over devicemotion)
 * while the find screen is showing. Where the browser gates motion behind a permission (iOS), every tap
 * that leads to the find screen asks for it (`askOnTap`); the hint (messages customer.shakeStatus.*)
 * says plainly when shaking is off — the button always works — and, once a grant is remembered from an
 * earlier visit, no longer tells the customer to allow it again (lib/shake/permission.ts). A shake the
 * chosen sensitivity did not take but `gentle` would have (lib/shake/near-miss.ts) brings up help
 * (`coach`) instead of silence; the sensitivity itself is the customer's pick, kept on this device.
 */
export function useFindGesture({ enabled, onShake }: { enabled: boolean; onShake: () => void }) {
  const [sensitivity, setSensitivity] = useState<ShakeSensitivity>('normal');
  /** Help after a shake that did not count (`nearMiss`), or after switching to gentle because of one. */
  const [coach, setCoach] = useState<'nearMiss' | 'gentleOn' | null>(null);
  useEffect(() => setSensitivity(readSensitivity()), []);
  const pick = (s: ShakeSensitivity) => {
    saveSensitivity(s);
    setSensitivity(s);
  };
  const { status, askOnTap, remembered } = useShake({
    enabled,
    sensitivity,
    onShake: () => {
      setCoach(null);
      onShake();
    },
    onNearMiss: () => setCoach('nearMiss'),
  });
  // Changing the sensitivity restarts the listener (status 'idle' until the next event): remember that
  // motion did arrive, so the picker does not vanish under the customer's finger.
  const [sawMotion, setSawMotion] = useState(false);
  useEffect(() => {
    if (status === 'listening') setSawMotion(true);
  }, [status]);
  const t = useTranslations('customer.shakeStatus');
  const hint = shakeHint(status, remembered);
  return {
    status,
    message: hint ? t(hint) : null,
    /**
     * Call first thing, synchronously, in the click handler of every tap that leads to the find screen
     * (iOS shows its prompt only inside a user gesture). Does nothing where nothing needs asking.
     */
    askOnTap,
    sensitivity,
    setSensitivity: (s: ShakeSensitivity) => {
      pick(s);
      setCoach(null);
    },
    /** Shaking works here (motion events arrived on this page), so the sensitivity is worth offering. */
    canShake: sawMotion && status !== 'denied' && status !== 'unsupported',
    coach,
    /** From the near-miss help: switch to gentle and say so. */
    switchToGentle: () => {
      pick('gentle');
      setCoach('gentleOn');
    },
    dismissCoach: () => setCoach(null),
  };
}
