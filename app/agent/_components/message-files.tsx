'use client';

import type { AttachmentView } from '../../../stores/agent/types';
import { PdfLink } from '../../_components/file-bits';
import type { AgentT } from './use-agent-t';

const MAX_W = 200;
const MAX_H = 150;

/**
 * The thumbnail's box, from the picture's own size (≤ 200×150): reserved before the thumbnail loads,
 * so the thread never jumps; unknown sizes get a square.
 */
export const thumbBox = (a: Pick<AttachmentView, 'width' | 'height'>): { width: number; height: number } => {
  if (!a.width || !a.height) return { width: MAX_H, height: MAX_H };
  const scale = Math.min(MAX_W / a.width, MAX_H / a.height, 1);
  return { width: Math.max(44, Math.round(a.width * scale)), height: Math.max(44, Math.round(a.height * scale)) };
};

type Props = {
  files: readonly AttachmentView[];
  t: AgentT;
  /** a picture was clicked: the lightbox opens on it (the button is where focus returns) */
  onOpen: (file: AttachmentView, opener: HTMLButtonElement) => void;
};

/**
 * Under a message: pictures as thumbnails (lazy, after everything else on screen — an alert never waits
 * for them), PDFs as named links with their size.
 */
export function MessageFiles({ files, t, onOpen }: Props) {
  if (!files.length) return null;
  return (
    <ul className="plain message-files" data-testid="message-files">
      {files.map((a) => (
        <li key={a.id}>
          {a.kind === 'image' ? (
            <button type="button" className="thumb-button" aria-label={t('attachments.open', { name: a.name })} onClick={(e) => onOpen(a, e.currentTarget)} data-testid="thumbnail">
              <img src={a.thumbnailUrl ?? a.url} alt="" loading="lazy" decoding="async" {...thumbBox(a)} />
            </button>
          ) : (
            <PdfLink file={a} testId="pdf-link" />
          )}
        </li>
      ))}
    </ul>
  );
}
