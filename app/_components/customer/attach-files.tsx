'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'next-intl';
import { ACCEPTED_TYPES } from '@/stores/customer/attachments.ts';
import type { DraftFile } from '@/stores/customer/drafts-slice.ts';
import { useErrorText } from './error-text';
import { CameraIcon, ClipIcon, FileIcon, FileSize } from '../file-bits';
import { useCustomer } from './store-provider';

const NONE: DraftFile[] = [];

const noChange = () => () => {};
/**
 * A phone or tablet (a touch screen): there `capture` opens the camera. Elsewhere it would only be a
 * second file chooser. Known in the browser only, so the server's HTML has no camera button.
 */
const useHasCamera = () =>
  useSyncExternalStore(
    noChange,
    () => navigator.maxTouchPoints > 0 || matchMedia('(pointer: coarse)').matches,
    () => false,
  );

/** The files picked for one draft (the new request, or one thread's message). */
export const useDraftFiles = (draft: string): DraftFile[] => useCustomer((s) => s.drafts[draft] ?? NONE);

/**
 * Pick files for a message: from the gallery (several at once), and on phones straight from the camera.
 * Each picked file starts uploading at once; the previews below show how far it is, and why one cannot go.
 */
export function AttachFiles({ draft, idPrefix, compact = false }: { draft: string; idPrefix: string; /** icons only (a thread's composer) */ compact?: boolean }) {
  const t = useTranslations('customer.attachments');
  const errorText = useErrorText();
  const addFiles = useCustomer((s) => s.addFiles);
  const tooMany = useCustomer((s) => s.draftErrors[draft]);
  const files = useDraftFiles(draft);
  const hasCamera = useHasCamera();
  const pick = (e: React.ChangeEvent<HTMLInputElement>) => {
    addFiles(draft, Array.from(e.target.files ?? []));
    // The same file may be picked again after removing it.
    e.target.value = '';
  };
  return (
    <div className="attach">
      <div className="attach-controls">
        <label className={`button file-pick${compact ? ' file-pick-icon' : ''}`} htmlFor={`${idPrefix}-gallery`}>
          <ClipIcon /> <span className={compact ? 'visually-hidden' : undefined}>{t('gallery')}</span>
          <input id={`${idPrefix}-gallery`} type="file" multiple accept={ACCEPTED_TYPES.join(',')} onChange={pick} data-testid="attach-gallery" />
        </label>
        {hasCamera && (
          <label className={`button file-pick${compact ? ' file-pick-icon' : ''}`} htmlFor={`${idPrefix}-camera`}>
            <CameraIcon /> <span className={compact ? 'visually-hidden' : undefined}>{t('camera')}</span>
            <input id={`${idPrefix}-camera`} type="file" accept="image/*" capture="environment" onChange={pick} data-testid="attach-camera" />
          </label>
        )}
      </div>
      {tooMany && (
        <p className="field-error" role="alert" data-testid="attach-too-many">
          {errorText(tooMany)}
        </p>
      )}
      {files.length > 0 && (
        <ul className="plain draft-files" aria-label={t('picked')} data-testid="draft-files">
          {files.map((f) => (
            <DraftPreview key={f.id} draft={draft} file={f} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** One picked file: a thumbnail made from the file itself (nothing downloaded), its progress, remove, and why it failed. */
function DraftPreview({ draft, file }: { draft: string; file: DraftFile }) {
  const t = useTranslations('customer.attachments');
  const errorText = useErrorText();
  const removeFile = useCustomer((s) => s.removeFile);
  const [src, setSrc] = useState<string | null>(null);
  const showable = file.kind === 'image' && file.status !== 'failed';
  useEffect(() => {
    if (!showable) return;
    const url = URL.createObjectURL(file.blob);
    setSrc(url);
    return () => URL.revokeObjectURL(url);
  }, [file.blob, showable]);
  return (
    <li className={`draft-file draft-${file.status}`} data-testid="draft-file" data-status={file.status}>
      <div className="draft-thumb">{showable && src ? <img src={src} alt={t('preview', { name: file.name })} /> : <FileIcon kind={file.kind} />}</div>
      <div className="draft-info">
        <span className="draft-name">{file.name}</span>
        <FileSize bytes={file.bytes} />
        {file.status === 'uploading' && (
          <progress max={1} value={file.progress} aria-label={t('uploading', { name: file.name })} data-testid="upload-progress" />
        )}
        {file.status === 'uploaded' && <span className="ok small">{t('ready')}</span>}
        {file.status === 'waiting' && <span className="muted small">{t('waiting')}</span>}
        {file.status === 'failed' && file.error && <span className="field-error">{errorText(file.error)}</span>}
      </div>
      <button type="button" className="icon-button draft-remove" aria-label={t('remove', { name: file.name })} onClick={() => removeFile(draft, file.id)} data-testid="remove-file">
        ×
      </button>
    </li>
  );
}

/**
 * Why the send button waits, in words: files still uploading, or a refused one still there; for a
 * message (sent at once, never queued) also files waiting for the connection.
 */
export function DraftHold({ files, waitingHolds = false }: { files: readonly DraftFile[]; waitingHolds?: boolean }) {
  const t = useTranslations('customer.attachments');
  const has = (status: DraftFile['status']) => files.some((f) => f.status === status);
  const hold = has('failed') ? t('removeFailed') : has('uploading') ? t('stillUploading') : waitingHolds && has('waiting') ? t('needsConnection') : null;
  return hold ? (
    <p className="field-hint" data-testid="draft-hold">
      {hold}
    </p>
  ) : null;
}
