'use client';

import { useFormatter } from 'next-intl';
import type { AttachmentKind } from '@/lib/uploads/view.ts';

/** "2.4 MB", "830 kB" in the reader's language. */
export function FileSize({ bytes }: { bytes: number }) {
  const format = useFormatter();
  const mb = bytes >= 1024 * 1024;
  const text = format.number(mb ? bytes / (1024 * 1024) : Math.max(1, Math.round(bytes / 1024)), {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  });
  return <span className="file-size muted small">{text}</span>;
}

/** A document's mark where a picture has no thumbnail (a PDF, or a file that could not be read). */
export function PdfIcon({ kind }: { kind: AttachmentKind }) {
  return (
    <span className="file-icon" aria-hidden="true">
      {kind === 'pdf' ? 'PDF' : '🖼'}
    </span>
  );
}
