'use client';

import { useMemo, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { AdminAgentView } from '@/lib/admin/agent-fields.ts';
import { api, ApiFailure } from '../../_components/api';

type Form = {
  name: string;
  nameZh: string;
  email: string;
  languages: string;
  skills: string;
  bio: string;
  bioZh: string;
  capacity: string;
  maxOpenRequests: string;
  timeZone: string;
  days: number[];
  start: string;
  end: string;
};
type FieldKey = 'name' | 'nameZh' | 'email' | 'languages' | 'skills' | 'bio' | 'bioZh' | 'capacity' | 'maxOpenRequests' | 'timeZone' | 'workingHours';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const NEW: Form = { name: '', nameZh: '', email: '', languages: 'zh-CN, en', skills: '', bio: '', bioZh: '', capacity: '200', maxOpenRequests: '20', timeZone: 'Asia/Shanghai', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

const formOf = (a: AdminAgentView): Form => ({
  name: a.name,
  nameZh: a.nameZh,
  email: a.email,
  languages: a.languages.join(', '),
  skills: a.skills.join(', '),
  bio: a.bio,
  bioZh: a.bioZh,
  capacity: String(a.capacity),
  maxOpenRequests: String(a.maxOpenRequests),
  timeZone: a.timeZone,
  days: a.workingHours.days,
  start: a.workingHours.start,
  end: a.workingHours.end,
});

// Commas in either script, or semicolons: what people type between words.
const words = (s: string) => s.split(/[,，;；、]/).map((w) => w.trim()).filter(Boolean);
const wholeNumber = (s: string) => (s.trim() === '' ? undefined : Number(s));

const bodyOf = (f: Form): Record<FieldKey, unknown> => ({
  name: f.name,
  nameZh: f.nameZh,
  email: f.email,
  languages: words(f.languages),
  skills: words(f.skills),
  bio: f.bio,
  bioZh: f.bioZh,
  capacity: wholeNumber(f.capacity),
  maxOpenRequests: wholeNumber(f.maxOpenRequests),
  timeZone: f.timeZone,
  workingHours: { days: [...f.days].sort(), start: f.start, end: f.end },
});

/** Editing sends only what changed, so an untouched field the roster owns is never part of the call. */
const changedBody = (f: Form, agent: AdminAgentView | null) => {
  const body = bodyOf(f);
  if (!agent) return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
  const before = bodyOf(formOf(agent));
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as FieldKey])));
};

const ERROR_KEY: Record<FieldKey, string> = {
  name: 'required',
  nameZh: 'tooLong',
  email: 'email',
  languages: 'languages',
  skills: 'list',
  bio: 'tooLong',
  bioZh: 'tooLong',
  capacity: 'number',
  maxOpenRequests: 'number',
  timeZone: 'timeZone',
  workingHours: 'hours',
};

type Saved = { agent: AdminAgentView; signInUrl?: string; mailed?: boolean };

/**
 * The agent's fields, for adding (`agent` null) or editing. The server's refusal is shown next to the
 * field it names, in the page's language; fields the roster owns are read-only, with the reason.
 */
export function AgentForm({ agent, onSaved, onExpired }: { agent: AdminAgentView | null; onSaved: (saved: Saved, changed: boolean) => void; onExpired: () => void }) {
  const t = useTranslations('adminAgents');
  const [form, setForm] = useState<Form>(agent ? formOf(agent) : NEW);
  const [fieldError, setFieldError] = useState<{ field: FieldKey; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), []);
  const owned = new Set(agent?.rosterOwned ?? []);
  const id = agent ? `edit-${agent.id}` : 'new-agent';

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFieldError(null);
    setError(null);
    const body = changedBody(form, agent);
    if (agent && !Object.keys(body).length) return onSaved({ agent }, false);
    setBusy(true);
    try {
      const saved = agent
        ? await api<Saved>(`/api/admin/agents/${agent.id}`, { method: 'PATCH', body })
        : await api<Saved>('/api/admin/agents', { method: 'POST', body });
      if (!agent) setForm(NEW);
      onSaved(saved, true);
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : null;
      if (failure?.status === 401) return onExpired();
      const field = failure?.error.field?.split('.')[0] as FieldKey | undefined;
      if (field && field in ERROR_KEY) {
        const key = failure!.error.code === 'roster_owned' ? 'rosterOwned' : failure!.error.code === 'conflict' && field === 'email' ? 'emailTaken' : /too long/.test(failure!.error.message) ? 'tooLong' : ERROR_KEY[field];
        setFieldError({ field, text: t(`errors.${key}`) });
        // The field the server named gets the focus, so a screen reader says what is wrong where.
        requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${field}"]`)?.focus());
      } else setError(failure?.status === 0 ? t('errors.network') : failure?.status === 404 ? t('errors.notFound') : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  };

  /** One labelled input with its hint, its roster note and the server's error for it. */
  const field = (key: Exclude<FieldKey, 'workingHours'>, input: (props: Record<string, unknown>) => React.ReactNode, hint?: string) => {
    const isOwned = owned.has(key);
    const err = fieldError?.field === key ? fieldError.text : null;
    const describedBy = [hint && `${id}-${key}-hint`, isOwned && `${id}-${key}-owned`, err && `${id}-${key}-error`].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>{t(`fields.${key}`)}</label>
        {input({ id: `${id}-${key}`, 'data-field': key, readOnly: isOwned, 'aria-invalid': err ? true : undefined, 'aria-describedby': describedBy })}
        {hint && (
          <span id={`${id}-${key}-hint`} className="field-hint">
            {hint}
          </span>
        )}
        {isOwned && (
          <span id={`${id}-${key}-owned`} className="field-hint roster-owned" data-testid={`owned-${key}`}>
            {t('roster.owned')}
          </span>
        )}
        {err && (
          <span id={`${id}-${key}-error`} className="field-error" role="alert" data-testid={`error-${key}`}>
            {err}
          </span>
        )}
      </div>
    );
  };
  const text = (key: 'name' | 'nameZh' | 'email' | 'languages' | 'skills' | 'capacity' | 'maxOpenRequests', type = 'text', hint?: string) =>
    field(key, (p) => <input {...p} type={type} inputMode={type === 'number' ? 'numeric' : undefined} min={type === 'number' ? 1 : undefined} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} />, hint);
  const area = (key: 'bio' | 'bioZh') => field(key, (p) => <textarea {...p} rows={3} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} />);
  const hoursError = fieldError?.field === 'workingHours' ? fieldError.text : null;

  return (
    <form ref={formRef} className="stack agent-form" onSubmit={submit} noValidate aria-label={agent ? t('editing', { name: agent.name }) : t('add')} data-testid={agent ? 'edit-agent-form' : 'new-agent-form'}>
      {owned.size > 0 && (
        <p className="inline-alert" data-testid="roster-notice">
          {t('roster.notice')}
        </p>
      )}
      <div className="agent-form-grid">
        {text('name')}
        {text('nameZh', 'text', t('fields.nameZhHint'))}
        {text('email', 'email')}
        {text('languages', 'text', t('fields.languagesHint'))}
        {text('skills', 'text', t('fields.skillsHint'))}
        {text('capacity', 'number')}
        {text('maxOpenRequests', 'number')}
        {field('timeZone', (p) => (
          <select {...p} value={form.timeZone} onChange={(e) => set({ timeZone: e.target.value })}>
            {(zones.includes(form.timeZone) ? zones : [form.timeZone, ...zones]).map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        ))}
        {area('bio')}
        {area('bioZh')}
      </div>
      <fieldset className="field-group" aria-describedby={hoursError ? `${id}-hours-error` : undefined}>
        <legend>{t('fields.hours')}</legend>
        <div className="row wrap" role="group" aria-label={t('fields.days')}>
          {DAYS.map((d) => (
            <label key={d} className="row day-choice">
              <input
                type="checkbox"
                data-field={d === 1 ? 'workingHours' : undefined}
                checked={form.days.includes(d)}
                onChange={(e) => set({ days: e.target.checked ? [...form.days, d] : form.days.filter((x) => x !== d) })}
              />
              {t(`fields.day${d}`)}
            </label>
          ))}
        </div>
        <div className="row wrap">
          <label className="field">
            {t('fields.start')}
            <input type="time" step={1800} value={form.start} onChange={(e) => set({ start: e.target.value })} aria-invalid={hoursError ? true : undefined} />
          </label>
          <label className="field">
            {t('fields.end')}
            <input type="time" step={1800} value={form.end} onChange={(e) => set({ end: e.target.value })} aria-invalid={hoursError ? true : undefined} />
          </label>
        </div>
        {hoursError && (
          <span id={`${id}-hours-error`} className="field-error" role="alert" data-testid="error-workingHours">
            {hoursError}
          </span>
        )}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy} data-testid="save-agent">
        {busy ? t('saving') : agent ? t('save') : t('create')}
      </button>
    </form>
  );
}
