'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';
import { LanguageSwitcher } from '../../_components/language-switcher';
import { PushToggle } from '../../_components/push-toggle';
import { DevicesSection } from './devices-section';
import { MyDataSection } from './my-data-section';
import { HandoffPanel } from './handoff-panel';

type Settings = { email: boolean; hasEmail: boolean; locale: string | null };

/** The customer's settings: notifications (push, e-mail), language, devices and their data (download, erase). */
export function CustomerSettings() {
  const t = useTranslations('customer.settings');
  const [settings, setSettings] = useState<Settings | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'no-customer' | 'failed'>('loading');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api<{ settings: Settings }>('/api/customers/me/settings')
      .then(({ settings }) => {
        setSettings(settings);
        setState('ready');
      })
      .catch((err) => setState(err instanceof ApiFailure && err.status === 401 ? 'no-customer' : 'failed'));
  }, []);

  const setEmail = async (email: boolean) => {
    setSaved(false);
    const before = settings;
    // The switch moves at once; it goes back if the server did not take it.
    if (settings) setSettings({ ...settings, email });
    try {
      const res = await api<{ settings: Settings }>('/api/customers/me/settings', { method: 'PUT', body: { email } });
      setSettings(res.settings);
      setSaved(true);
    } catch {
      setSettings(before);
      setState('failed');
    }
  };

  return (
    <main className="settings">
      <div className="row">
        <a href="/" className="button-link">
          ← {t('back')}
        </a>
      </div>
      <h1>{t('title')}</h1>
      {state === 'loading' && <p className="muted">{t('loading')}</p>}
      {state === 'no-customer' && <p className="muted">{t('noCustomer')}</p>}
      {state === 'failed' && (
        <p className="error" role="alert">
          {t('failed')}
        </p>
      )}
      {state === 'ready' && settings && (
        <section className="card" aria-labelledby="notify-heading">
          <h2 id="notify-heading">{t('notifications')}</h2>
          <PushToggle
            as="customer"
            labels={{ label: t('push.label'), on: t('on'), off: t('off'), unsupported: t('push.unsupported'), denied: t('push.denied'), failed: t('push.failed'), hint: t('push.hint') }}
          />
          <div className="setting" data-testid="email-setting">
            <label className="row">
              <input type="checkbox" checked={settings.hasEmail && settings.email} disabled={!settings.hasEmail} onChange={(e) => void setEmail(e.target.checked)} data-testid="email-toggle" />
              <span className="grow">{t('email.label')}</span>
              <span className="muted" role="status">
                {saved ? t('saved') : ''}
              </span>
            </label>
            <p className="field-hint">{settings.hasEmail ? t('email.hint') : t('email.none')}</p>
          </div>
        </section>
      )}
      <section className="card" aria-labelledby="language-heading">
        <h2 id="language-heading">{t('language')}</h2>
        <LanguageSwitcher />
      </section>
      {/* Taking the account to another device, then the devices it is on: one topic, side by side. */}
      {state === 'ready' && <HandoffPanel />}
      {state === 'ready' && <DevicesSection />}
      {state === 'ready' && <MyDataSection />}
    </main>
  );
}
