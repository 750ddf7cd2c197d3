'use client';

import { useState } from 'react';
import { api, ApiFailure } from '../../_components/api';

export type SignedInAgent = { id: string; name: string; nameZh: string; email: string; status: string };

export function SignInForm({ onSignedIn }: { onSignedIn: (agent: SignedInAgent) => void }) {
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
      setError(err instanceof ApiFailure ? err.error.message : 'Could not sign in. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-label="Agent sign-in">
      <h2>Sign in</h2>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
