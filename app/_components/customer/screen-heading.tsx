'use client';

import { useEffect, useRef } from 'react';

// The first screen after a page load keeps the browser's own focus; later screens take it.
let firstScreenShown = false;

/**
 * Each screen's title. It takes focus when a screen replaces another, so a keyboard or
 * screen-reader user lands at the top of what changed instead of on a button that vanished.
 */
export function ScreenHeading({ id, children }: { id: string; children: React.ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstScreenShown) ref.current?.focus();
    firstScreenShown = true;
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1} className="screen-title">
      {children}
    </h1>
  );
}
