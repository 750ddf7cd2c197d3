'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useShake } from '../../lib/shake/use-shake';
import { defaultPermissionStorage, shakeHint } from '../../lib/shake/permission';
import type { ShakeSensitivity } from '../../lib/shake/detector';

const SENSITIVITY_KEY = 'ea-shake-sensitivity';

/**
 * The sensitivity the customer picked (gentle / normal / firm), kept on this device. Storage may be
 * missing or throw (blocked site data, private modes): then the pick lasts for this page only.
 */
export const readSensitivity = (): ShakeSensitivity => {
  try {
    const v = defaultPermissionStorage()?.getItem(SENSITIVITY_KEY);
    return v === 'gentle' || v === 'firm' ? v : 'normal';
  } catch {
    return 'normal';
  }
};

export const saveSensitivity = (s: ShakeSensitivity) => {
  try {
    defaultPermissionStorage()?.setItem(SENSITIVITY_KEY, s);
  } catch {
    // not kept across visits; the choice still applies now
  }
};

/** Help under the find button: after a shake that did not count, or after switching because of one. */
export type ShakeCoach = { kind: 'nearMiss' | 'levelOn'; level: ShakeSensitivity } | null;

/**
 * The find gesture of patent claims 6–8: a shake (lib/shake's measured detector over devicemotion)
 * while a screen that finds an agent is showing (`enabled`; `scope` names it). Where the browser gates
 * motion behind a permission (iOS), every tap that leads to the find screen asks for it (`askOnTap`); the
 * hint (messages customer.shakeStatus.*) says plainly when shaking is off — the button always works —
 * and, once a grant is remembered from an earlier visit, no longer tells the customer to allow it again
 * (lib/shake/permission.ts). A shake the chosen sensitivity did not take but the next gentler one would
 * have (lib/shake/near-miss.ts) brings up help (`coach`) instead of silence; it belongs to the screen it
 * happened on and is gone when the screen changes. The sensitivity is the customer's pick, kept on this
 * device.
 */
export function useFindGesture({ enabled, onShake, scope }: { enabled: boolean; onShake: () => void; scope: string }) {
  const [sensitivity, setSensitivity] = useState<ShakeSensitivity>('normal');
  const [coach, setCoach] = useState<ShakeCoach>(null);
  useEffect(() => setSensitivity(readSensitivity()), []);
  useEffect(() => setCoach(null), [scope, enabled]);
  const pick = (s: ShakeSensitivity) => {
    setSensitivity(s);
    saveSensitivity(s);
  };
  const { status, askOnTap, remembered } = useShake({
    enabled,
    sensitivity,
    onShake: () => {
      setCoach(null);
      onShake();
    },
    onNearMiss: (level) => setCoach({ kind: 'nearMiss', level }),
  });
  // Changing the sensitivity restarts the listener (status 'idle' until the next event): remember that
  // motion did arrive, so the picker does not vanish under the customer's finger.
  const [sawMotion, setSawMotion] = useState(false);
  useEffect(() => {
    if (status === 'listening') setSawMotion(true);
  }, [status]);
  const t = useTranslations('customer.shakeStatus');
  // Read after mounting (the server renders as if secure): browsers send no motion to plain-http pages.
  const [secure, setSecure] = useState(true);
  useEffect(() => setSecure(window.isSecureContext !== false), []);
  const hint = shakeHint(status, remembered, secure);
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
    /** From the near-miss help: switch to the suggested sensitivity and say so. */
    acceptSuggestion: () => {
      if (coach?.kind !== 'nearMiss') return;
      pick(coach.level);
      setCoach({ kind: 'levelOn', level: coach.level });
    },
    dismissCoach: () => setCoach(null),
  };
}
