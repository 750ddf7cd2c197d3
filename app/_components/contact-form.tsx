'use client';

import { useState } from 'react';
import { api, ApiFailure } from './api';
import type { Customer } from './types';

/** Name plus at least one of phone, email or IM; the server's validation names the field to fix. */
export function ContactForm({ onSaved, initial }: { onSaved: (c: Customer) => void; initial?: Customer | null }) {
  const [form, setForm] = useState({ name: initial?.name ?? '', phone: initial?.phone ?? '', email: initial?.email ?? '', im: initial?.im ?? '' });
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { customer } = await api<{ customer: Customer }>('/api/customers', { method: 'POST', body: form });
      onSaved(customer);
    } catch (err) {
      setError(err instanceof ApiFailure ? { field: err.error.field, message: err.error.message } : { message: 'Something went wrong.' });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof typeof form, label: string, type = 'text', autoComplete?: string) => (
    <label>
      {label}
      <input
        name={name}
        type={type}
        autoComplete={autoComplete}
        value={form[name]}
        aria-invalid={error?.field === name || (name !== 'name' && error?.field === 'contact') || undefined}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </label>
  );

  return (
    <form className="card" onSubmit={submit} aria-label="Your contact info" noValidate>
      <h2>How can your agent reach you?</h2>
      <p className="muted">Your name and at least one of phone, email or IM account.</p>
      {field('name', 'Name', 'text', 'name')}
      {field('phone', 'Phone', 'tel', 'tel')}
      {field('email', 'Email', 'email', 'email')}
      {field('im', 'IM account (WeChat, QQ, …)')}
      {error && (
        <p className="error" role="alert" data-testid="contact-error">
          {error.message}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save and continue'}
      </button>
    </form>
  );
}
