'use client';

import { useTranslations } from 'next-intl';
import type { AttachmentView } from '@/stores/customer/attachments.ts';
import type { OutboxFile } from '@/stores/customer/outbox.ts';
import { useErrorText } from './error-text';
import { ClipIcon, FileSize, PdfLink } from '../file-bits';

/** Box of a thumbnail: at most 96 px high, its width from the picture's own proportions, so nothing moves when it loads. */
const thumbBox = (a: AttachmentView) => {
  const h = 96;
  const w = a.width && a.height ? Math.round(Math.min(160, Math.max(48, (a.width / a.height) * h))) : h;
  return { width: w, height: h };
};

/** The files of my request or message: pictures as thumbnails opening the full picture, PDFs as named links. */
export function SentFiles({ files }: { files: readonly AttachmentView[] | undefined }) {
  const t = useTranslations('customer.attachments');
  if (!files?.length) return null;
  return (
    <ul className="plain sent-files" aria-label={t('sent')} data-testid="sent-files">
      {files.map((a) => (
        <li key={a.id}>
          {a.kind === 'image' ? (
            <a href={a.url} target="_blank" rel="noopener" className="sent-thumb" data-testid="sent-thumbnail">
              <img src={a.thumbnailUrl ?? a.url} alt={t('picture', { name: a.name })} loading="lazy" {...thumbBox(a)} />
            </a>
          ) : (
            <PdfLink file={a} testId="sent-pdf" />
          )}
        </li>
      ))}
    </ul>
  );
}

/** The files of a request waiting in the outbox: their names (the bytes wait on this device), and why one was refused. */
export function QueuedFiles({ files }: { files: readonly OutboxFile[] | undefined }) {
  const t = useTranslations('customer.attachments');
  const errorText = useErrorText();
  if (!files?.length) return null;
  return (
    <ul className="plain queued-files" aria-label={t('sent')} data-testid="queued-files">
      {files.map((f, i) => (
        <li key={i} className="queued-file">
          <ClipIcon size={14} />{' '}
          <span className="file-link-name">{f.name}</span> <FileSize bytes={f.bytes} />
          {f.error && <span className="field-error"> {errorText(f.error)}</span>}
        </li>
      ))}
    </ul>
  );
}
