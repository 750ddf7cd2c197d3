'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { selectWaitingCount, useAgentConsole } from '../../../stores/agent/store';
import type { ConsoleRequest } from '../../../stores/agent/types';
import type { AgentT } from './use-agent-t';

export type SoundState = 'locked' | 'on' | 'off';

const DEFAULT_REMINDER_SECONDS = 30;

/** Seconds between reminders while something waits; an agent (or a test) may set it in localStorage. */
const reminderSeconds = (): number => {
  const v = Number(globalThis.localStorage?.getItem('ea-agent-reminder-seconds'));
  return Number.isFinite(v) && v >= 1 ? v : DEFAULT_REMINDER_SECONDS;
};

/**
 * Everything that makes a new request impossible to miss: a sound (once the browser allows it, i.e.
 * after the first interaction), a desktop notification when the tab is not in front, a count in the
 * tab title, and a reminder every N seconds until nothing waits.
 */
export function useAlerting(t: AgentT) {
  const [sound, setSound] = useState<SoundState>('locked');
  const [played, setPlayed] = useState(0);
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>('default');
  const audio = useRef<AudioContext | null>(null);
  const waiting = useAgentConsole(selectWaitingCount);

  useEffect(() => {
    setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  }, []);

  const unlock = useCallback(() => {
    if (audio.current) return;
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    audio.current = new Ctx();
    void audio.current.resume();
    setSound('on');
  }, []);

  // Browsers allow sound only after a gesture: the first click or key anywhere unlocks it.
  useEffect(() => {
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, [unlock]);

  const beep = useCallback(() => {
    const ctx = audio.current;
    if (!ctx || sound !== 'on') return;
    // Two short tones, made here: no audio file to download or cache.
    [0, 0.22].forEach((start) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, ctx.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + start);
      osc.stop(ctx.currentTime + start + 0.2);
    });
    setPlayed((n) => n + 1);
  }, [sound]);

  const notify = useCallback(
    (r: ConsoleRequest) => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      if (document.visibilityState === 'visible' && document.hasFocus()) return;
      // Files are named by their count only: nothing is fetched for the notification, so it is not held up.
      const files = r.attachments.length ? `\n📎 ${t('attachments.count', { count: r.attachments.length })}` : '';
      const n = new Notification(t('requests.notificationTitle', { name: r.customer.name }), { body: `${r.message}${files}`, tag: r.id });
      n.onclick = () => {
        window.focus();
        n.close();
      };
    },
    [t],
  );

  /** Called with the requests that just appeared on screen. */
  const announce = useCallback(
    (fresh: ConsoleRequest[]) => {
      if (!fresh.length) return;
      beep();
      fresh.forEach(notify);
      console.info('[alert] new service request', fresh.map((r) => r.id).join(', '));
    },
    [beep, notify],
  );

  useEffect(() => {
    document.title = waiting > 0 ? t('requests.titleCount', { count: waiting }) : t('title');
  }, [waiting, t]);

  useEffect(() => {
    if (waiting === 0) return;
    const timer = setInterval(() => {
      beep();
      const first = Object.values(useAgentConsole.getState().requests).find((r) => r.status === 'pending' || r.status === 'delivered');
      if (first) notify(first);
    }, reminderSeconds() * 1000);
    return () => clearInterval(timer);
  }, [waiting, beep, notify]);

  const askPermission = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    setPermission(await Notification.requestPermission());
  }, []);

  return { sound, setSound, unlock, played, permission, askPermission, announce, waiting };
}
