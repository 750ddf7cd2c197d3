'use client';

import { useEffect } from 'react';

/**
 * A notification or mail opens the app at `?request=<id>` or `?callback=<id>`: once that item is on
 * screen, bring it into view, focus it and mark it (`data-linked`), so the person lands on what the
 * notification was about. Items arrive after loading, so it watches the page until one appears.
 */
export function DeepLinkFocus() {
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const id = params.get('request') ? `request-${params.get('request')}` : params.get('callback') ? `callback-${params.get('callback')}` : null;
    if (!id) return;
    const focus = () => {
      const el = document.getElementById(id);
      if (!el) return false;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      el.setAttribute('data-linked', 'true');
      return true;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => focus() && observer.disconnect());
    observer.observe(document.body, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), 30_000);
    return () => {
      observer.disconnect();
      clearTimeout(stop);
    };
  }, []);
  return null;
}
