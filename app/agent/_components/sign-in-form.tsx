'use client';

import { useState } from 'react';
import { api, ApiFailure } from '../../_components/api';
import type { SignedInAgent } from '../../../stores/agent/types';
import type { AgentT } from './use-agent-t';

export function SignInForm({ onSignedIn, t, expired }: { onSignedIn: (agent: SignedInAgent) => void; t: AgentT; expired?: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { agent } = await api<{ agent: SignedInAgent }>('/api/agent/login', { method: 'POST', body: { email, password } });
      onSignedIn(agent);
    } catch (err) {
      const status = err instanceof ApiFailure ? err.status : -1;
      setError(status === 401 || status === 400 ? t('signIn.wrong') : status === 429 ? t('signIn.tooMany') : t('signIn.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-heading">
      {expired ? <h2 id="sign-in-heading">{t('signIn.heading')}</h2> : <h1 id="sign-in-heading">{t('signIn.heading')}</h1>}
      {!expired && <p className="muted">{t('signIn.lead')}</p>}
      {expired && (
        <p role="status" data-testid="session-expired">
          {t('signIn.expired')}
        </p>
      )}
      <label>
        {t('signIn.email')}
        <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        {t('signIn.password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? t('signIn.busy') : t('signIn.submit')}
      </button>
    </form>
  );
}
