'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { AgentCard } from '@/stores/customer/types.ts';
import { WhyAgent } from './why-agent';

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
 * What a customer weighs before choosing: capability, rating and gifts. A figure the API did not send
 * (a card saved on this device by an older version) is not shown, never made up.
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
        <div className="stat" data-testid="agent-rating">
          <dt>{t('rating')}</dt>
          <dd className="stat-wrap">
            {agent.rating.average === null ? (
              <span className="stat-none">{t('noRatings')}</span>
            ) : (
              <>
                <span className="stat-value">★ {agent.rating.average.toFixed(1)}</span> <span className="stat-count">{t('ratingCount', { count: agent.rating.count })}</span>
              </>
            )}
          </dd>
        </div>
      )}
      {agent.gifts && (
        <div className="stat" data-testid="agent-gifts">
          <dt>{t('gifts')}</dt>
          <dd className="stat-wrap">
            <span className="stat-value">{agent.gifts.count}</span> <span className="stat-count">{t('giftPoints', { points: agent.gifts.points })}</span>
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
      <WhyAgent agent={agent} />
      <Bio agent={agent} />
      <Tags label={t('speaks')} values={agent.languages} translate={known('languages')} />
      <Tags label={t('helpsWith')} values={agent.skills} translate={known('skills')} />
    </article>
  );
}

/** The bio in the reader's language; in Chinese when the agent has one, else the English one marked as such. */
function Bio({ agent }: { agent: Pick<AgentCard, "bio" | "bioZh"> }) {
  const zh = useLocale() === 'zh-CN';
  const text = zh && agent.bioZh ? agent.bioZh : agent.bio;
  if (!text) return null;
  return (
    <p className="bio" lang={zh && agent.bioZh ? 'zh-CN' : 'en'}>
      {text}
    </p>
  );
}
