'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useShake, type MotionStatus } from '../../lib/shake/use-shake';
import type { ShakeSensitivity } from '../../lib/shake/detector';

const SENSITIVITY_KEY = 'ea-shake-sensitivity';

/** The sensitivity the customer picked (gentle / normal / firm), kept on this device. */
export const readSensitivity = (): ShakeSensitivity => {
  const v = globalThis.localStorage?.getItem(SENSITIVITY_KEY);
  return v === 'gentle' || v === 'firm' ? v : 'normal';
};

export const saveSensitivity = (s: ShakeSensitivity) => globalThis.localStorage?.setItem(SENSITIVITY_KEY, s);

/** Statuses the customer is told about plainly (messages customer.shakeStatus.*); the button always works. */
const TOLD: readonly MotionStatus[] = ['unsupported', 'no-sensor', 'denied', 'needs-permission'];

/**
 * The find gesture of patent claims 6–8: a shake (lib/shake's measured detector over devicemotion)
 * while the find screen is showing. Where the browser gates motion behind a permission (iOS), the
 * first tap on the find button asks for it.
 */
export function useFindGesture({ enabled, onShake }: { enabled: boolean; onShake: () => void }) {
  const [sensitivity, setSensitivity] = useState<ShakeSensitivity>('normal');
  useEffect(() => setSensitivity(readSensitivity()), []);
  const { status, requestPermission } = useShake({ enabled, sensitivity, onShake });
  const t = useTranslations('customer.shakeStatus');
  return {
    status,
    message: TOLD.includes(status) ? t(status) : null,
    /** call from the find button's click handler, before anything async */
    requestPermission: status === 'needs-permission' ? requestPermission : undefined,
    sensitivity,
    setSensitivity: (s: ShakeSensitivity) => {
      saveSensitivity(s);
      setSensitivity(s);
    },
  };
}
