'use client';

import { useTranslations } from 'next-intl';
import type { AgentCard } from '@/stores/customer/types.ts';

type Part = NonNullable<AgentCard['why']>['parts'][number];

/** A duration in words a person reads at a glance: seconds, minutes or hours. */
const useDuration = () => {
  const t = useTranslations('customer.why');
  return (ms: number) =>
    ms < 90_000 ? t('seconds', { n: Math.max(1, Math.round(ms / 1000)) }) : ms < 90 * 60_000 ? t('minutes', { n: Math.round(ms / 60_000) }) : t('hours', { n: Math.round(ms / 3600_000) });
};

function PartLine({ part }: { part: Part }) {
  const t = useTranslations('customer.why');
  const duration = useDuration();
  const sentence = (() => {
    if (part.key === 'rating') return part.value === null ? t('rating.none') : t('rating.some', { stars: part.value.toFixed(1), count: part.count });
    if (part.key === 'acknowledgement') return part.value === null ? t('acknowledgement.none') : t('acknowledgement.some', { time: duration(part.value), count: part.count });
    if (part.key === 'resolution') return part.value === null ? t('resolution.none') : t('resolution.some', { percent: Math.round(part.value * 100), count: part.count });
    return part.count === 0 ? t('gifts.none') : t('gifts.some', { count: part.count, points: part.value ?? 0 });
  })();
  return (
    <li className="why-part" data-testid={`why-${part.key}`}>
      <span className="why-label">{t(`${part.key}.label`)}</span>
      <span className="why-sentence">{sentence}</span>
      <span className="why-points">
        <span className="meter" aria-hidden="true">
          <span style={{ width: `${Math.round((part.points / part.max) * 100)}%` }} />
        </span>
        {t('points', { points: part.points.toFixed(1), max: part.max })}
      </span>
    </li>
  );
}

/**
 * "Why this agent?": the parts of the earned capability score in words, so a customer sees the
 * ranking is not a number someone typed in. Nothing is shown that the server did not compute.
 */
export function WhyAgent({ agent }: { agent: AgentCard }) {
  const t = useTranslations('customer.why');
  return (
    <details className="why" data-testid="why-agent">
      <summary>{t('title')}</summary>
      {agent.why ? (
        <>
          <p className="field-hint">{t('intro', { score: agent.capability })}</p>
          <ul className="why-parts">
            {agent.why.parts.map((p) => (
              <PartLine key={p.key} part={p} />
            ))}
          </ul>
          <p className="field-hint">{t('window')}</p>
        </>
      ) : (
        <p className="field-hint">{t('notYet')}</p>
      )}
    </details>
  );
}
