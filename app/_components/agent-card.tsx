import type { AgentCard as Card } from './types';

export function Avatar({ agent }: { agent: Pick<Card, 'initials' | 'avatarColor' | 'name'> }) {
  return (
    <div className="avatar" style={{ background: agent.avatarColor }} aria-hidden="true">
      {agent.initials}
    </div>
  );
}

export function AgentCardView({ agent }: { agent: Card }) {
  return (
    <section className="card" aria-label={`Agent ${agent.name}`} data-testid="agent-card">
      <div className="row">
        <Avatar agent={agent} />
        <div className="grow">
          <h2 data-testid="agent-name">
            {agent.name} <span className="muted">{agent.nameZh}</span>
          </h2>
          <p className="muted">Capability {agent.capability} / 100</p>
        </div>
        <span className={`status status-${agent.status}`}>{agent.status}</span>
      </div>
      <p>{agent.bio}</p>
      <div className="tags">
        {agent.languages.map((l) => (
          <span className="tag" key={l}>{l}</span>
        ))}
        {agent.skills.map((s) => (
          <span className="tag" key={s}>{s}</span>
        ))}
      </div>
    </section>
  );
}
