'use client';

import { useLocale } from 'next-intl';
import type { FeedbackItem } from '../../../stores/agent/types';
import { useAgentConsole } from '../../../stores/agent/store';
import type { AgentT } from './use-agent-t';

function Item({ item, t }: { item: FeedbackItem; t: AgentT }) {
  const locale = useLocale();
  const when = new Date(item.kind === 'rating' ? item.updatedAt : item.createdAt).toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  if (item.kind === 'gift') {
    return (
      <li className="feedback-item" data-testid="feedback-gift">
        <img src={item.icon} alt="" width={36} height={36} />
        <div>
          <strong>{t('feedback.gift', { name: item.customer.name, gift: locale === 'zh-CN' ? item.nameZh : item.name, points: item.points })}</strong>
          {item.note && <p className="feedback-text">“{item.note}”</p>}
          <span className="muted">{when}</span>
        </div>
      </li>
    );
  }
  return (
    <li className="feedback-item" data-testid="feedback-rating">
      <span className="feedback-stars" aria-hidden="true">
        {'★'.repeat(item.stars)}
        <span className="stars-off">{'★'.repeat(5 - item.stars)}</span>
      </span>
      <div>
        <strong>{t(item.edited ? 'feedback.ratingChanged' : 'feedback.rating', { name: item.customer.name, stars: item.stars })}</strong>
        {item.comment && <p className="feedback-text">“{item.comment}”</p>}
        <span className="muted">{when}</span>
      </div>
    </li>
  );
}

/** Customers' ratings and gifts, arriving live (rating:new, gift:new), with the agent's totals. */
export function FeedbackPanel({ t }: { t: AgentT }) {
  const feedback = useAgentConsole((s) => s.feedback);
  return (
    <section className="card" aria-labelledby="feedback-heading" data-testid="feedback">
      <h2 id="feedback-heading">{t('feedback.heading')}</h2>
      {feedback === null ? (
        <p className="muted">{t('requests.loading')}</p>
      ) : (
        <>
          <p className="muted" data-testid="feedback-totals">
            {feedback.totals.rating.average === null
              ? t('feedback.noRatings')
              : t('feedback.ratingTotals', { average: feedback.totals.rating.average.toFixed(1), count: feedback.totals.rating.count })}{' '}
            · {t('feedback.giftTotals', { count: feedback.totals.gifts.count, points: feedback.totals.gifts.points })}
          </p>
          {feedback.items.length === 0 ? (
            <p className="muted">{t('feedback.empty')}</p>
          ) : (
            <ul className="plain feedback-list" aria-live="polite" data-testid="feedback-items">
              {feedback.items.map((i) => (
                <Item key={`${i.kind}:${i.id}:${i.kind === 'rating' ? i.updatedAt : ''}`} item={i} t={t} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
