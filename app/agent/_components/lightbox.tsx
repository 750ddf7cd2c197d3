'use client';

import { useEffect, useRef, useState } from 'react';
import type { AttachmentView } from '../../../stores/agent/types';
import type { AgentT } from './use-agent-t';

type Props = {
  /** the conversation's pictures, in thread order: previous / next step through them */
  images: readonly AttachmentView[];
  startId: string;
  t: AgentT;
  /** closed (Close, Escape or the backdrop's cancel); the caller puts focus back on the thumbnail */
  onClose: () => void;
};

/**
 * A picture at full size, fit to the screen, in a modal dialog: its name, Download (the server answers
 * `?download=1` as an attachment), Close; ← / → and the buttons move through the conversation's pictures.
 */
export function Lightbox({ images, startId, t, onClose }: Props) {
  const ref = useRef<HTMLDialogElement | null>(null);
  const [index, setIndex] = useState(() => Math.max(0, images.findIndex((i) => i.id === startId)));
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const file = images[Math.min(index, images.length - 1)];
  if (!file) return null;
  const several = images.length > 1;
  const step = (delta: 1 | -1) => setIndex((i) => (i + delta + images.length) % images.length);

  return (
    <dialog
      ref={ref}
      className="lightbox"
      aria-labelledby="lightbox-name"
      onClose={onClose}
      onKeyDown={(e) => {
        // The console's j / k must not move the list behind the dialog.
        e.stopPropagation();
        if (several && e.key === 'ArrowRight') step(1);
        if (several && e.key === 'ArrowLeft') step(-1);
      }}
      data-testid="lightbox"
    >
      <figure className="lightbox-figure">
        <img src={file.url} alt={file.name} {...(file.width && file.height ? { width: file.width, height: file.height } : {})} data-testid="lightbox-image" />
        <figcaption id="lightbox-name" className="lightbox-name">
          {file.name}
          {several && <span className="muted"> · {t('attachments.position', { n: index + 1, total: images.length })}</span>}
        </figcaption>
      </figure>
      <div className="lightbox-actions">
        {several && (
          <button type="button" onClick={() => step(-1)} data-testid="lightbox-previous">
            <span aria-hidden="true">‹ </span>
            {t('attachments.previous')}
          </button>
        )}
        {several && (
          <button type="button" onClick={() => step(1)} data-testid="lightbox-next">
            {t('attachments.next')}
            <span aria-hidden="true"> ›</span>
          </button>
        )}
        <a className="button" href={`${file.url}?download=1`} download={file.name} data-testid="lightbox-download">
          {t('attachments.download')}
        </a>
        <button type="button" className="primary" autoFocus onClick={() => ref.current?.close()} data-testid="lightbox-close">
          {t('attachments.close')}
        </button>
      </div>
    </dialog>
  );
}
