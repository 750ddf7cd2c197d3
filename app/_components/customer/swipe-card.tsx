'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';

export type SwipeDirection = 'left' | 'right';

/** Movement under this is a tap, not the start of a swipe. */
const TAP_SLOP_PX = 8;

/** How far a card must travel to count as a decision: a third of its width, at most 120 px. */
const thresholdFor = (width: number) => Math.min(120, width / 3);

export const prefersReducedMotion = () =>
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/**
 * A card the customer can swipe: left to skip, right to choose. It follows the finger, snaps back
 * when let go early, and flies off in the chosen direction while the parent decides what comes next.
 * `leaving` is owned by the parent so that buttons, keys and swipes all animate the same way.
 */
export function SwipeCard({
  leaving,
  disabled,
  onDecide,
  children,
}: {
  leaving: SwipeDirection | null;
  disabled: boolean;
  onDecide: (direction: SwipeDirection) => void;
  children: React.ReactNode;
}) {
  const t = useTranslations('customer.find');
  const [dx, setDx] = useState(0);
  const [dragging, setDragging] = useState(false);
  const start = useRef<{ x: number; id: number; captured: boolean } | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  const end = (commit: boolean) => {
    const width = ref.current?.offsetWidth ?? 320;
    const decided = commit && Math.abs(dx) >= thresholdFor(width) ? (dx < 0 ? 'left' : 'right') : null;
    start.current = null;
    setDragging(false);
    setDx(0);
    if (decided) onDecide(decided);
  };

  const tilt = leaving ? undefined : dx ? `translateX(${dx}px) rotate(${dx / 24}deg)` : undefined;
  const hint = Math.min(1, Math.abs(dx) / 100);

  return (
    <div
      ref={ref}
      className={`swipe-card${dragging ? ' dragging' : ''}${leaving ? ` leaving-${leaving}` : ''}`}
      style={{ transform: tilt }}
      data-testid="swipe-card"
      onPointerDown={(e) => {
        if (disabled || leaving || (e.pointerType === 'mouse' && e.button !== 0)) return;
        start.current = { x: e.clientX, id: e.pointerId, captured: false };
        setDragging(true);
      }}
      onPointerMove={(e) => {
        const s = start.current;
        if (s?.id !== e.pointerId) return;
        const moved = e.clientX - s.x;
        // Captured only once it is a drag: a tap inside the card (e.g. on "why this agent?") keeps its click.
        if (!s.captured && Math.abs(moved) > TAP_SLOP_PX) {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          s.captured = true;
        }
        setDx(moved);
      }}
      onPointerUp={(e) => start.current?.id === e.pointerId && end(true)}
      // The browser took the gesture (a vertical scroll): not a decision.
      onPointerCancel={(e) => start.current?.id === e.pointerId && end(false)}
    >
      <span className="swipe-label swipe-label-skip" style={{ opacity: dx < 0 ? hint : 0 }} aria-hidden="true">
        {t('skip')}
      </span>
      <span className="swipe-label swipe-label-choose" style={{ opacity: dx > 0 ? hint : 0 }} aria-hidden="true">
        {t('choose')}
      </span>
      {children}
    </div>
  );
}
