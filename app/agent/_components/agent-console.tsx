'use client';

import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { api } from '../../_components/api';
import { SignInForm, type SignedInAgent } from './sign-in-form';

type Alert = {
  id: string;
  message: string;
  createdAt: string;
  status: 'pending' | 'delivered' | 'acknowledged' | 'resolved';
  customer: { id: string; name: string; phone?: string; email?: string; im?: string };
};

type AckResult = { ok: true; request: { id: string; status: Alert['status'] } } | { ok: false; error: { message: string } };

export function AgentConsole() {
  const [agent, setAgent] = useState<SignedInAgent | null | undefined>(undefined);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    api<{ agent: SignedInAgent }>('/api/agent/me')
      .then(({ agent }) => setAgent(agent))
      .catch(() => setAgent(null));
  }, []);

  useEffect(() => {
    if (!agent) return;
    let cancelled = false;
    api<{ requests: Alert[] }>('/api/agent/requests')
      .then(({ requests }) => !cancelled && setAlerts((current) => mergeAlerts(current, requests)))
      .catch(() => setError('Could not load your requests. They will appear as they arrive.'));
    import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      const socket = io({ withCredentials: true });
      socket.on('connect', () => setConnected(true));
      socket.on('disconnect', () => setConnected(false));
      // An alert can be delivered more than once (reconnects); it shows once.
      socket.on('service-request:new', (alert: Alert, received: (seen: boolean) => void) => {
        setAlerts((current) => mergeAlerts(current, [alert]));
        console.info('[alert] new service request', alert.id, 'from', alert.customer.name);
        received?.(true);
      });
      socket.on('service-request:update', (u: { id: string; status: Alert['status'] }) => {
        setAlerts((current) => current.map((a) => (a.id === u.id ? { ...a, status: u.status } : a)));
      });
      socketRef.current = socket;
    });
    return () => {
      cancelled = true;
      socketRef.current?.disconnect();
      socketRef.current = null;
    };
  }, [agent]);

  const acknowledge = (id: string) => {
    socketRef.current?.emit('service-request:ack', { id }, (result: AckResult) => {
      if (result.ok) setAlerts((current) => current.map((a) => (a.id === id ? { ...a, status: result.request.status } : a)));
      else setError(result.error.message);
    });
  };

  const signOut = async () => {
    await api('/api/agent/logout', { method: 'POST' }).catch(() => null);
    setAgent(null);
    setAlerts([]);
  };

  if (agent === undefined) return <main><p className="muted">Loading…</p></main>;
  if (agent === null)
    return (
      <main>
        <h1>Agent console · 客服工作台</h1>
        <SignInForm onSignedIn={setAgent} />
      </main>
    );

  const open = alerts.filter((a) => a.status !== 'resolved');
  return (
    <main>
      <div className="row">
        <h1 className="grow">{agent.name}</h1>
        <span className={`status status-${connected ? 'online' : 'offline'}`} data-testid="connection">
          {connected ? 'live' : 'connecting…'}
        </span>
        <button onClick={signOut}>Sign out</button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <section aria-label="Requests">
        <h2>Requests from my customers</h2>
        {open.length === 0 ? (
          <p className="muted">No open requests. New ones appear here at once.</p>
        ) : (
          <ul className="plain" data-testid="alerts">
            {open.map((a) => (
              <li key={a.id} className="card" data-testid="alert" data-status={a.status}>
                <p>
                  <strong>{a.customer.name}</strong>{' '}
                  <span className="muted">{[a.customer.phone, a.customer.email, a.customer.im].filter(Boolean).join(' · ')}</span>
                </p>
                <p>{a.message}</p>
                <div className="row">
                  <span className="muted grow">{new Date(a.createdAt).toLocaleTimeString()}</span>
                  {a.status === 'acknowledged' ? (
                    <span className="ok">Acknowledged</span>
                  ) : (
                    <button className="primary" onClick={() => acknowledge(a.id)} data-testid="ack">
                      Acknowledge
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

const mergeAlerts = (current: Alert[], incoming: Alert[]): Alert[] => {
  const byId = new Map(current.map((a) => [a.id, a]));
  for (const a of incoming) if (!byId.has(a.id)) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
};
