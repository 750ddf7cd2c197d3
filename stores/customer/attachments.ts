import type { AttachmentKind, AttachmentView, UploadView } from '../../lib/uploads/view.ts';
import type { StoreError } from './types.ts';

export type { AttachmentKind, AttachmentView, UploadView };

/** What the server takes (POST /api/uploads): checked here first so a refusal costs no upload. */
export const MAX_ATTACHMENTS = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const;

export const kindOf = (type: string): AttachmentKind => (type === 'application/pdf' ? 'pdf' : 'image');

/** Why this file cannot be sent, in the server's own codes (the same words either way); null when it can. */
export const checkFile = (file: { size: number; type: string }): StoreError | null => {
  if (!(ACCEPTED_TYPES as readonly string[]).includes(file.type)) return { code: 'unsupported_file', status: 415, field: 'file' };
  if (file.size > MAX_FILE_BYTES) return { code: 'file_too_large', status: 413, field: 'file' };
  return null;
};

/**
 * Sends one file to `POST /api/uploads`, reporting how much of it went (0..1). Rejects like the API
 * client does (`{ status, error: { code } }`, status 0 when nothing answered) so the store reads both alike.
 */
export type UploadFile = (file: Blob, name: string, opts: { onProgress: (fraction: number) => void }) => Promise<UploadView>;
