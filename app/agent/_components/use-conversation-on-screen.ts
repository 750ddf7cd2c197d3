'use client';

import { useEffect, useState } from 'react';

/** The layout's breakpoints (app/globals.css): under 760 px one pane at a time; from 1100 px all three. */
const TWO_PANES = '(min-width: 760px)';
const THREE_PANES = '(min-width: 1100px)';

const matches = (query: string) => typeof window !== 'undefined' && window.matchMedia?.(query).matches === true;

/**
 * Whether the open conversation is actually in front of the agent: its pane is laid out for the current
 * view and width, and the tab is visible. Only then is it marked read, since the customer is told so.
 */
export function useConversationOnScreen(view: 'list' | 'conversation' | 'customer'): boolean {
  const [state, setState] = useState({ two: false, three: false, visible: false });
  useEffect(() => {
    const update = () => setState({ two: matches(TWO_PANES), three: matches(THREE_PANES), visible: document.visibilityState === 'visible' });
    update();
    const queries = [TWO_PANES, THREE_PANES].map((q) => window.matchMedia(q));
    queries.forEach((q) => q.addEventListener('change', update));
    document.addEventListener('visibilitychange', update);
    return () => {
      queries.forEach((q) => q.removeEventListener('change', update));
      document.removeEventListener('visibilitychange', update);
    };
  }, []);
  if (!state.visible) return false;
  if (view === 'conversation') return true;
  return view === 'list' ? state.two : state.three;
}
