'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
// The server's own rules, so the form never accepts what the API would refuse (and vice versa).
import { customerInputSchema } from '@/lib/customers/contact.ts';
import type { ContactInput } from '@/stores/customer/types.ts';
import { Avatar, AgentName } from './agent-card';
import { useErrorText } from './error-text';
import { ScreenHeading } from './screen-heading';
import { useCustomer } from './store-provider';

const FIELDS = ['name', 'phone', 'email', 'im'] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field | 'contact', string>>;

const INPUT: Record<Field, { type: string; autoComplete?: string; inputMode?: 'tel' | 'email' | 'text' }> = {
  name: { type: 'text', autoComplete: 'name' },
  phone: { type: 'tel', autoComplete: 'tel', inputMode: 'tel' },
  email: { type: 'email', autoComplete: 'email', inputMode: 'email' },
  im: { type: 'text', autoComplete: 'off' },
};

/**
 * Default export: this screen (and zod with it) is loaded only when someone chooses an agent.
 * `askMotion`: asks for motion permission (iOS) from the tap back to the find screen; see use-find-gesture.
 */
export default function ContactScreen({ askMotion }: { askMotion: () => void }) {
  const t = useTranslations('customer.contact');
  const errorText = useErrorText();
  const { customer, agent, saveContact, choose, goTo } = useCustomer(
    useShallow((s) => ({ customer: s.customer, agent: s.match?.agent ?? null, saveContact: s.saveContact, choose: s.choose, goTo: s.goTo })),
  );
  const [form, setForm] = useState<ContactInput>({
    name: customer?.name ?? '',
    phone: customer?.phone ?? '',
    email: customer?.email ?? '',
    im: customer?.im ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const messageFor = (field: string, code: string) => {
    const key = `errors.${field}.${code}`;
    return t.has(key) ? t(key) : t.has(`errors.${field}.invalid`) ? t(`errors.${field}.invalid`) : t('errors.contact.custom');
  };

  const validate = (values: ContactInput): FieldErrors => {
    const parsed = customerInputSchema.safeParse(values);
    if (parsed.success) return {};
    const found: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'contact') as Field | 'contact';
      found[field] ??= messageFor(field, issue.code);
    }
    return found;
  };

  const update = (field: Field, value: string) => {
    const next = { ...form, [field]: value };
    setForm(next);
    // Once a message is showing, it follows the typing, so it disappears the moment it is fixed.
    if (Object.keys(errors).length) setErrors(validate(next));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitError(null);
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) {
      const first = FIELDS.find((f) => found[f]) ?? 'phone';
      formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    const saved = await saveContact(form);
    if (!saved.ok) {
      setBusy(false);
      const field = saved.error.field;
      if (saved.error.code === 'invalid_input' && field && (FIELDS as readonly string[]).concat('contact').includes(field)) {
        setErrors({ [field]: messageFor(field, 'invalid') });
      } else {
        setSubmitError(errorText(saved.error));
      }
      return;
    }
    // Success lands on the home screen; a failure (agent just went offline) back on the card.
    await choose();
    setBusy(false);
  };

  // Each message is said once, under its field; the summary only counts them (the focus is already on the first).
  const errorCount = [...FIELDS, 'contact' as const].filter((f) => errors[f]).length;
  const contactMissing = !!errors.contact;

  const renderField = (field: Field) => {
    const invalid = !!errors[field] || (field !== 'name' && contactMissing);
    // A field's message replaces its hint rather than repeating the example beneath it.
    const describedBy = [errors[field] ? `contact-${field}-error` : `contact-${field}-hint`, field !== 'name' && contactMissing ? 'contact-contact-error' : null];
    return (
      <div className="field">
        <label htmlFor={`contact-${field}`}>{t(`fields.${field}.label`)}</label>
        <input
          id={`contact-${field}`}
          name={field}
          type={INPUT[field].type}
          inputMode={INPUT[field].inputMode}
          autoComplete={INPUT[field].autoComplete}
          value={form[field]}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy.filter(Boolean).join(' ')}
          onChange={(e) => update(field, e.target.value)}
        />
        {errors[field] ? (
          <p id={`contact-${field}-error`} className="field-error" data-testid="field-error">
            {errors[field]}
          </p>
        ) : (
          <p id={`contact-${field}-hint`} className="field-hint">
            {t(`fields.${field}.hint`)}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="screen" aria-labelledby="contact-title">
      <div className="screen-top">
        <button
          type="button"
          className="ghost"
          onClick={() => {
            askMotion();
            goTo('find');
          }}
        >
          <span aria-hidden="true">‹ </span>
          {t('back')}
        </button>
      </div>
      <ScreenHeading id="contact-title">{t('title')}</ScreenHeading>
      {agent && (
        <div className="chosen">
          <Avatar agent={agent} size="small" />
          <div>
            <p className="muted">{t('chosen')}</p>
            <AgentName agent={agent} as="p" />
          </div>
        </div>
      )}
      <form ref={formRef} className="card" onSubmit={submit} noValidate aria-describedby="contact-why">
        <p id="contact-why" className="muted">
          {t('why')}
        </p>
        {errorCount > 0 && (
          <div className="error-summary" role="alert" data-testid="contact-error">
            <p>{t('fix', { count: errorCount })}</p>
          </div>
        )}
        {renderField('name')}
        <fieldset className="field-group" aria-describedby={contactMissing ? 'contact-contact-error' : undefined}>
          <legend>{t('reachLegend')}</legend>
          {contactMissing && (
            <p id="contact-contact-error" className="field-error" data-testid="field-error">
              {errors.contact}
            </p>
          )}
          {renderField('phone')}
          {renderField('email')}
          {renderField('im')}
        </fieldset>
        {submitError && (
          <p className="error" role="alert">
            {submitError}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
      </form>
    </section>
  );
}
