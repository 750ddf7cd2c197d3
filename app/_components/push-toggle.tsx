'use client';

import { useEffect, useState } from 'react';
import { api } from './api';

type State = 'loading' | 'unsupported' | 'denied' | 'on' | 'off' | 'busy' | 'failed';

const keyBytes = (base64url: string) => {
  const raw = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

const registration = async () => (await navigator.serviceWorker.getRegistration('/')) ?? navigator.serviceWorker.register('/sw.js');

/**
 * Notifications when the app is closed (Web Push): asks the browser, subscribes with the server's
 * public key and tells the server; off unsubscribes on both sides. Says plainly when the browser
 * cannot or the person blocked it.
 */
export function PushToggle({ as, labels }: { as: 'customer' | 'agent'; labels: Record<'label' | 'on' | 'off' | 'unsupported' | 'denied' | 'failed' | 'hint', string> }) {
  const [state, setState] = useState<State>('loading');
  const path = as === 'agent' ? '/api/push/subscriptions?as=agent' : '/api/push/subscriptions';

  useEffect(() => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || typeof Notification === 'undefined') return setState('unsupported');
    if (Notification.permission === 'denied') return setState('denied');
    registration()
      .then((reg) => reg.pushManager.getSubscription())
      .then((sub) => setState(sub ? 'on' : 'off'))
      .catch(() => setState('off'));
  }, []);

  const turnOn = async () => {
    setState('busy');
    try {
      if ((await Notification.requestPermission()) !== 'granted') return setState('denied');
      const reg = await registration();
      const { publicKey } = await api<{ publicKey: string }>('/api/push/key');
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      await api(path, { method: 'POST', body: sub.toJSON() });
      setState('on');
    } catch {
      setState('failed');
    }
  };
  const turnOff = async () => {
    setState('busy');
    try {
      const sub = await (await registration()).pushManager.getSubscription();
      if (sub) {
        await api(path, { method: 'DELETE', body: { endpoint: sub.endpoint } }).catch(() => null);
        await sub.unsubscribe();
      }
      setState('off');
    } catch {
      setState('failed');
    }
  };

  return (
    <div className="setting" data-testid={`push-${as}`}>
      <label className="row">
        <input type="checkbox" checked={state === 'on'} disabled={state === 'loading' || state === 'busy' || state === 'unsupported' || state === 'denied'} onChange={(e) => void (e.target.checked ? turnOn() : turnOff())} />
        <span className="grow">{labels.label}</span>
        <span className="muted" role="status">
          {state === 'on' ? labels.on : state === 'off' ? labels.off : ''}
        </span>
      </label>
      <p className="field-hint">{state === 'unsupported' ? labels.unsupported : state === 'denied' ? labels.denied : state === 'failed' ? labels.failed : labels.hint}</p>
    </div>
  );
}
