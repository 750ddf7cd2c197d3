'use client';

import { useEffect, useMemo, useState } from 'react';
import { api, ApiFailure } from '../../_components/api';
import { LanguageSwitcher } from '../../_components/language-switcher';
import { PushToggle } from '../../_components/push-toggle';
import { useAgentT } from './use-agent-t';

type Hours = { days: number[]; start: string; end: string };
type Settings = { timeZone: string; workingHours: Hours };

/** The agent's settings: notifications with no console open, working hours for callbacks, language. */
export function AgentSettingsForm() {
  const t = useAgentT();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'signed-out' | 'failed'>('loading');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), []);

  useEffect(() => {
    api<{ settings: Settings }>('/api/agent/settings')
      .then(({ settings }) => {
        setSettings(settings);
        setState('ready');
      })
      .catch((err) => setState(err instanceof ApiFailure && err.status === 401 ? 'signed-out' : 'failed'));
  }, []);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!settings) return;
    setMessage(null);
    try {
      const res = await api<{ settings: Settings }>('/api/agent/settings', { method: 'PUT', body: settings });
      setSettings(res.settings);
      setMessage({ error: false, text: t('settings.saved') });
    } catch (err) {
      setMessage({ error: true, text: err instanceof ApiFailure && err.error.field?.includes('end') ? t('settings.endBeforeStart') : t('errors.generic') });
    }
  };
  const days = [1, 2, 3, 4, 5, 6, 7] as const;

  return (
    <main className="settings">
      <a href="/agent" className="button-link">
        ← {t('settings.back')}
      </a>
      <h1>{t('settings.title')}</h1>
      {state === 'loading' && <p className="muted">{t('requests.loading')}</p>}
      {state === 'signed-out' && <p className="muted">{t('settings.signedOut')}</p>}
      {state === 'failed' && (
        <p className="error" role="alert">
          {t('errors.generic')}
        </p>
      )}
      {state === 'ready' && settings && (
        <>
          <section className="card" aria-labelledby="agent-push-heading">
            <h2 id="agent-push-heading">{t('settings.notifications')}</h2>
            <PushToggle
              as="agent"
              labels={{ label: t('settings.push.label'), on: t('settings.on'), off: t('settings.off'), unsupported: t('settings.push.unsupported'), denied: t('settings.push.denied'), failed: t('settings.push.failed'), hint: t('settings.push.hint') }}
            />
          </section>
          <form className="card stack" onSubmit={save} aria-labelledby="hours-heading" data-testid="hours-form">
            <h2 id="hours-heading">{t('settings.hours')}</h2>
            <p className="field-hint">{t('settings.hoursHint')}</p>
            <label>
              {t('settings.timeZone')}
              <select value={settings.timeZone} onChange={(e) => setSettings({ ...settings, timeZone: e.target.value })}>
                {(zones.includes(settings.timeZone) ? zones : [settings.timeZone, ...zones]).map((z) => (
                  <option key={z}>{z}</option>
                ))}
              </select>
            </label>
            <fieldset className="row wrap">
              <legend>{t('settings.days')}</legend>
              {days.map((d) => (
                <label key={d} className="row">
                  <input
                    type="checkbox"
                    checked={settings.workingHours.days.includes(d)}
                    onChange={(e) =>
                      setSettings({ ...settings, workingHours: { ...settings.workingHours, days: e.target.checked ? [...settings.workingHours.days, d].sort() : settings.workingHours.days.filter((x) => x !== d) } })
                    }
                  />
                  {t(`settings.day${d}`)}
                </label>
              ))}
            </fieldset>
            <div className="row wrap">
              <label>
                {t('settings.start')}
                <input type="time" step={1800} value={settings.workingHours.start} onChange={(e) => setSettings({ ...settings, workingHours: { ...settings.workingHours, start: e.target.value } })} />
              </label>
              <label>
                {t('settings.end')}
                <input type="time" step={1800} value={settings.workingHours.end} onChange={(e) => setSettings({ ...settings, workingHours: { ...settings.workingHours, end: e.target.value } })} />
              </label>
            </div>
            {message && (
              <p className={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>
                {message.text}
              </p>
            )}
            <button type="submit" className="primary">
              {t('settings.save')}
            </button>
          </form>
        </>
      )}
      <section className="card" aria-labelledby="agent-language-heading">
        <h2 id="agent-language-heading">{t('settings.language')}</h2>
        <LanguageSwitcher />
      </section>
    </main>
  );
}
