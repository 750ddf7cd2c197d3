'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { api, ApiFailure } from './api';
import { AgentCardView } from './agent-card';
import { ContactForm } from './contact-form';
import { RequestsPanel } from './requests-panel';
import { useFindGesture } from './use-find-gesture';
import type { AgentCard, Customer, MatchView, ServiceRequest } from './types';

type Screen = 'loading' | 'home' | 'find' | 'contact';

const STATUS_RANK: Record<ServiceRequest['status'], number> = { pending: 0, delivered: 1, acknowledged: 2, resolved: 3 };
const laterStatus = (a: ServiceRequest['status'], b?: ServiceRequest['status']) => (b && STATUS_RANK[b] > STATUS_RANK[a] ? b : a);

const EXHAUSTED_TEXT = {
  none_online: 'No agent is online right now. Please try again in a few minutes.',
  all_skipped: 'You have seen every agent online right now.',
};

export function CustomerApp() {
  const [screen, setScreen] = useState<Screen>('loading');
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [myAgent, setMyAgent] = useState<AgentCard | null>(null);
  const [match, setMatch] = useState<MatchView | null>(null);
  const [requests, setRequests] = useState<ServiceRequest[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const socketRef = useRef<Socket | null>(null);
  // A live update can overtake the HTTP answer that creates the request: remember it until the request is listed.
  const latestStatus = useRef(new Map<string, ServiceRequest['status']>());

  const fail = (err: unknown) => setError(err instanceof ApiFailure ? err.error.message : 'Something went wrong. Please try again.');

  // First load: who am I, who is my agent, what did I ask.
  useEffect(() => {
    (async () => {
      const me = await api<{ customer: Customer }>('/api/customers/me').catch(() => null);
      setCustomer(me?.customer ?? null);
      if (me) {
        const bound = await api<{ agent: AgentCard }>('/api/me/agent').catch(() => null);
        setMyAgent(bound?.agent ?? null);
        const list = await api<{ requests: ServiceRequest[] }>('/api/service-requests').catch(() => null);
        setRequests(list?.requests ?? []);
      }
      setScreen('home');
    })();
  }, []);

  // Live status of my requests; socket.io-client is loaded only once there is someone to listen for.
  useEffect(() => {
    if (!customer) return;
    let cancelled = false;
    import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      const socket = io({ withCredentials: true });
      // Whatever changed while this socket was not connected is read back from the server.
      socket.on('connect', () => {
        api<{ requests: ServiceRequest[] }>('/api/service-requests')
          .then(({ requests: fresh }) =>
            setRequests((rs) => {
              const byId = new Map(fresh.map((r) => [r.id, r]));
              const merged = rs.map((r) => (byId.has(r.id) ? { ...r, status: laterStatus(r.status, byId.get(r.id)!.status) } : r));
              return [...fresh.filter((r) => !rs.some((x) => x.id === r.id)), ...merged].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
            }),
          )
          .catch(() => {});
      });
      socket.on('service-request:update', (u: { id: string; status: ServiceRequest['status'] }) => {
        latestStatus.current.set(u.id, laterStatus(u.status, latestStatus.current.get(u.id)));
        setRequests((rs) => rs.map((r) => (r.id === u.id ? { ...r, status: laterStatus(r.status, u.status) } : r)));
      });
      socketRef.current = socket;
    });
    return () => {
      cancelled = true;
      socketRef.current?.disconnect();
      socketRef.current = null;
    };
  }, [customer]);

  const find = useCallback(async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setMatch(await api<MatchView>('/api/matches', { method: 'POST' }));
      setScreen('find');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }, []);

  const gesture = useFindGesture({ enabled: screen === 'home' && !busy, onShake: find });

  const skip = async () => {
    if (!match) return;
    setBusy(true);
    setError(null);
    try {
      setMatch(await api<MatchView>(`/api/matches/${match.matchId}/skip`, { method: 'POST' }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const choose = async (who: Customer | null = customer) => {
    if (!match?.agent) return;
    if (!who) {
      setScreen('contact');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { agent } = await api<{ agent: AgentCard }>(`/api/matches/${match.matchId}/choose`, { method: 'POST' });
      setMyAgent(agent);
      setMatch(null);
      setNotice(`${agent.name} is now your exclusive agent.`);
      setScreen('home');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const sendRequest = async (message: string): Promise<boolean> => {
    setError(null);
    try {
      const { request } = await api<{ request: ServiceRequest }>('/api/service-requests', {
        method: 'POST',
        body: { message },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      const known = { ...request, status: laterStatus(request.status, latestStatus.current.get(request.id)) };
      setRequests((rs) => [known, ...rs.filter((r) => r.id !== request.id)]);
      return true;
    } catch (err) {
      fail(err);
      return false;
    }
  };

  return (
    <main>
      <h1>Exclusive Agent · 专属客服</h1>
      {notice && (
        <p className="ok" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="error">
          {error}
        </p>
      )}

      {screen === 'loading' && <p className="muted">Loading…</p>}

      {screen === 'home' && (
        <>
          {myAgent ? (
            <section aria-label="My agent" data-testid="my-agent">
              <h2>My agent</h2>
              <AgentCardView agent={myAgent} />
            </section>
          ) : (
            <p>Shake your phone or tap the button to find your own agent, who stays yours.</p>
          )}
          <button
            className="primary"
            onClick={() => {
              void gesture.requestPermission?.();
              void find();
            }}
            disabled={busy}
            data-testid="find"
          >
            {busy ? 'Finding…' : myAgent ? 'Change my agent' : 'Find my agent'}
          </button>
          {gesture.message && <p className="muted">{gesture.message}</p>}
          {myAgent && <RequestsPanel requests={requests} onSend={sendRequest} />}
        </>
      )}

      {screen === 'find' && match && (
        <>
          {match.agent ? (
            <>
              <AgentCardView agent={match.agent} />
              <div className="row">
                <button className="grow" onClick={skip} disabled={busy} data-testid="skip">
                  Skip
                </button>
                <button className="grow primary" onClick={() => choose()} disabled={busy} data-testid="choose">
                  Choose
                </button>
              </div>
            </>
          ) : (
            <section className="card" data-testid="exhausted">
              <p>{EXHAUSTED_TEXT[match.reason ?? 'all_skipped']}</p>
              <button className="primary" onClick={find} disabled={busy}>
                Start over
              </button>
            </section>
          )}
          <button onClick={() => setScreen('home')}>Back</button>
        </>
      )}

      {screen === 'contact' && (
        <ContactForm
          initial={customer}
          onSaved={(c) => {
            setCustomer(c);
            setScreen('find');
            void choose(c);
          }}
        />
      )}
    </main>
  );
}
