'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { AgentCard } from '@/stores/customer/types.ts';

export function Avatar({ agent, size = 'large' }: { agent: Pick<AgentCard, 'initials' | 'avatarColor'>; size?: 'large' | 'small' }) {
  return (
    <div className={`avatar avatar-${size}`} style={{ background: agent.avatarColor }} aria-hidden="true">
      {agent.initials}
    </div>
  );
}

/** The agent's name in the reader's language first, the other one beside it. */
export function AgentName({ agent, as: Tag = 'h2' }: { agent: AgentCard; as?: 'h2' | 'h3' | 'p' }) {
  const zh = useLocale() === 'zh-CN';
  return (
    <Tag className="agent-name" data-testid="agent-name">
      <span lang={zh ? 'zh-CN' : 'en'}>{zh ? agent.nameZh : agent.name}</span>{' '}
      <span className="agent-name-alt" lang={zh ? 'en' : 'zh-CN'}>
        {zh ? agent.name : agent.nameZh}
      </span>
    </Tag>
  );
}

/** "Online" only when someone is there: they chose online and a console of theirs is open. */
export function StatusBadge({ agent }: { agent: Pick<AgentCard, 'status' | 'available'> }) {
  const t = useTranslations('customer.agent.status');
  const status = agent.available ? 'online' : agent.status === 'away' ? 'away' : 'offline';
  return (
    <span className={`status status-${status}`} data-testid="agent-status">
      <span className="status-dot" aria-hidden="true" />
      {t(status)}
    </span>
  );
}

/**
 * What a customer weighs before choosing: capability today; rating and gifts once the API serves
 * them (a later issue). A figure the API did not send is not shown, never made up.
 */
function AgentStats({ agent }: { agent: AgentCard }) {
  const t = useTranslations('customer.agent');
  return (
    <dl className="stats">
      <div className="stat">
        <dt>{t('capability')}</dt>
        <dd>
          <span className="stat-value">{agent.capability}</span>
          <span className="meter" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(100, agent.capability))}%` }} />
          </span>
        </dd>
      </div>
      {agent.rating && (
        <div className="stat">
          <dt>{t('rating')}</dt>
          <dd>
            <span className="stat-value">{agent.rating.average.toFixed(1)}</span> {t('ratingCount', { count: agent.rating.count })}
          </dd>
        </div>
      )}
      {agent.giftsReceived !== undefined && (
        <div className="stat">
          <dt>{t('gifts')}</dt>
          <dd>
            <span className="stat-value">{agent.giftsReceived}</span>
          </dd>
        </div>
      )}
    </dl>
  );
}

function Tags({ label, values, translate }: { label: string; values: string[]; translate: (v: string) => string }) {
  if (!values.length) return null;
  return (
    <div className="tag-group">
      <span className="tag-label">{label}</span>
      <ul className="tags">
        {values.map((v) => (
          <li className="tag" key={v}>
            {translate(v)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AgentCardView({ agent, labelledBy }: { agent: AgentCard; labelledBy?: string }) {
  const t = useTranslations('customer.agent');
  const known = (group: 'languages' | 'skills') => (v: string) => (t.has(`${group}.${v}`) ? t(`${group}.${v}`) : v);
  return (
    <article className="agent-card" data-testid="agent-card" aria-labelledby={labelledBy}>
      <div className="agent-head">
        <Avatar agent={agent} />
        <div className="grow">
          <AgentName agent={agent} />
          <StatusBadge agent={agent} />
        </div>
      </div>
      <AgentStats agent={agent} />
      {agent.bio && (
        <p className="bio" lang="en">
          {agent.bio}
        </p>
      )}
      <Tags label={t('speaks')} values={agent.languages} translate={known('languages')} />
      <Tags label={t('helpsWith')} values={agent.skills} translate={known('skills')} />
    </article>
  );
}
