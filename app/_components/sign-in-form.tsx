'use client';

import { useState, type ReactNode } from 'react';
import { api, ApiFailure } from './api';

/** The words of a sign-in form, from the surface's own messages (agent.signIn, admin.signIn). */
export type SignInTexts = {
  heading: string;
  email: string;
  password: string;
  submit: string;
  busy: string;
  /** 400/401: the email or the password is wrong */
  wrong: string;
  /** 429: too many tries from here or on this account; wait and try again */
  tooMany: string;
  /** nothing answered */
  network: string;
  /** anything else */
  failed: string;
};

type Props<T> = {
  /** POST `{ email, password }` here; its JSON answer goes to `onSignedIn` */
  endpoint: string;
  onSignedIn: (answer: T) => void;
  texts: SignInTexts;
  /** h1 when the form is the page, h2 inside a page that has its own title */
  headingLevel?: 1 | 2;
  headingId: string;
  className?: string;
  /** under the heading: a lead, or why the person has to sign in again */
  intro?: ReactNode;
};

/** Email and password, one error in words, a busy button: the agent console's and the admin page's sign-in. */
export function SignInForm<T>({ endpoint, onSignedIn, texts, headingLevel = 1, headingId, className = '', intro }: Props<T>) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<T>(endpoint, { method: 'POST', body: { email, password } }));
    } catch (err) {
      const status = err instanceof ApiFailure ? err.status : -1;
      setError(status === 401 || status === 400 ? texts.wrong : status === 429 ? texts.tooMany : status === 0 ? texts.network : texts.failed);
    } finally {
      setBusy(false);
    }
  };

  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <form className={`card sign-in-card ${className}`} onSubmit={submit} aria-labelledby={headingId}>
      <Heading id={headingId}>{texts.heading}</Heading>
      {intro}
      <label>
        {texts.email}
        <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        {texts.password}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? texts.busy : texts.submit}
      </button>
    </form>
  );
}
