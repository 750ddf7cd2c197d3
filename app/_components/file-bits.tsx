'use client';

import { useFormatter } from 'next-intl';

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

// Drawn, not emoji: a phone without an emoji font (or a headless browser) would show empty boxes.
const Svg = ({ children, size = 18 }: { children: React.ReactNode; size?: number }) => (
  <svg viewBox="0 0 24 24" width={size} height={size} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="icon">
    {children}
  </svg>
);

export const ClipIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M21 11.5l-8.6 8.6a5.5 5.5 0 01-7.8-7.8l8.6-8.6a3.7 3.7 0 015.2 5.2l-8.6 8.6a1.8 1.8 0 01-2.6-2.6l7.9-7.9" />
  </Svg>
);

export const CameraIcon = () => (
  <Svg>
    <path d="M4 8h3l2-3h6l2 3h3a1 1 0 011 1v10a1 1 0 01-1 1H4a1 1 0 01-1-1V9a1 1 0 011-1z" />
    <circle cx="12" cy="13.5" r="3.5" />
  </Svg>
);

/** A document's mark where a picture has no thumbnail: a PDF, or a picture that could not be read. */
export function FileIcon({ kind }: { kind: 'image' | 'pdf' }) {
  if (kind === 'pdf')
    return (
      <span className="file-icon" aria-hidden="true">
        PDF
      </span>
    );
  return (
    <Svg size={24}>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="2" />
      <path d="M21 17l-5-5-9 8" />
    </Svg>
  );
}

/** A sent PDF: its mark, name and size, opened (downloaded) from its url. */
export function PdfLink({ file, testId }: { file: { url: string; name: string; bytes: number }; testId: string }) {
  return (
    <a href={file.url} target="_blank" rel="noopener" className="file-link" data-testid={testId}>
      <FileIcon kind="pdf" />
      <span className="file-link-name">{file.name}</span>
      <FileSize bytes={file.bytes} />
    </a>
  );
}
