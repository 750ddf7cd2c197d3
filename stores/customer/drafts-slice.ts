import { checkFile, kindOf, MAX_ATTACHMENTS, type AttachmentKind } from './attachments.ts';
import { isTransient, toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { StoreError } from './types.ts';

/**
 * A file picked for a message not sent yet. It starts uploading the moment it is picked (when online),
 * so that sending is quick: `uploading` → `uploaded` (with the server's id); `waiting` when there is no
 * connection (a new request then takes it into the outbox as it is); `failed` when refused, with why.
 */
export type DraftFile = {
  id: string;
  blob: Blob;
  name: string;
  kind: AttachmentKind;
  bytes: number;
  status: 'uploading' | 'uploaded' | 'waiting' | 'failed';
  /** 0..1 of the file sent */
  progress: number;
  uploadId?: string;
  error?: StoreError;
};

/** The new-request form's draft, and each thread's composer. */
export const NEW_REQUEST_DRAFT = 'new';
export const messageDraft = (requestId: string): string => `message:${requestId}`;

export type DraftsSlice = {
  /** Not saved on the device: a reload forgets picked files that were not sent (a queued request keeps its own). */
  drafts: Record<string, DraftFile[]>;
  /** more files were picked than a message takes (the first ones were kept) */
  draftErrors: Record<string, StoreError>;
  addFiles: (draft: string, files: readonly File[]) => void;
  removeFile: (draft: string, id: string) => void;
  clearDraft: (draft: string) => void;
  /** Back online: upload what waited. */
  resumeUploads: () => void;
};

/** Nothing in flight and nothing refused: what a request may be sent with (waiting ones go with the outbox). */
export const canSendWithRequest = (files: readonly DraftFile[]): boolean => files.every((f) => f.status === 'uploaded' || f.status === 'waiting');
/** A message is sent at once, not queued: every file must be on the server. */
export const canSendWithMessage = (files: readonly DraftFile[]): boolean => files.every((f) => f.status === 'uploaded');

const TOO_MANY: StoreError = { code: 'too_many_files', status: 400, field: 'file' };

export const createDraftsSlice =
  (deps: CustomerStoreDeps): SliceCreator<DraftsSlice> =>
  (set, get) => {
    const update = (draft: string, id: string, change: Partial<DraftFile>) =>
      set((s) => ({ drafts: { ...s.drafts, [draft]: (s.drafts[draft] ?? []).map((f) => (f.id === id ? { ...f, ...change } : f)) } }));
    const isKept = (draft: string, id: string) => (get().drafts[draft] ?? []).some((f) => f.id === id);

    const upload = async (draft: string, file: DraftFile) => {
      update(draft, file.id, { status: 'uploading', progress: 0, error: undefined });
      try {
        const done = await deps.upload(file.blob, file.name, {
          onProgress: (progress) => {
            if (isKept(draft, file.id)) update(draft, file.id, { progress });
          },
        });
        if (isKept(draft, file.id)) update(draft, file.id, { status: 'uploaded', progress: 1, uploadId: done.id });
      } catch (err) {
        const error = toStoreError(err);
        if (!isKept(draft, file.id)) return;
        // No connection or a busy server: it waits for the next chance rather than being refused.
        update(draft, file.id, isTransient(error) ? { status: 'waiting', progress: 0, error } : { status: 'failed', error });
        if (error.status === 0) get().setReachable(false);
      }
    };

    const withoutError = (errors: Record<string, StoreError>, draft: string) => {
      const { [draft]: _gone, ...rest } = errors;
      return rest;
    };

    return {
      drafts: {},
      draftErrors: {},
      addFiles: (draft, picked) => {
        const room = MAX_ATTACHMENTS - (get().drafts[draft] ?? []).length;
        const online = get().online;
        const added: DraftFile[] = picked.slice(0, Math.max(0, room)).map((f) => {
          const refused = checkFile(f);
          return {
            id: deps.newKey(),
            blob: f,
            name: f.name,
            kind: kindOf(f.type),
            bytes: f.size,
            status: refused ? 'failed' : online ? 'uploading' : 'waiting',
            progress: 0,
            ...(refused ? { error: refused } : {}),
          };
        });
        set((s) => ({
          drafts: { ...s.drafts, [draft]: [...(s.drafts[draft] ?? []), ...added] },
          draftErrors: picked.length > room ? { ...s.draftErrors, [draft]: TOO_MANY } : withoutError(s.draftErrors, draft),
        }));
        for (const f of added) if (f.status === 'uploading') void upload(draft, f);
      },
      removeFile: (draft, id) =>
        set((s) => ({ drafts: { ...s.drafts, [draft]: (s.drafts[draft] ?? []).filter((f) => f.id !== id) }, draftErrors: withoutError(s.draftErrors, draft) })),
      clearDraft: (draft) =>
        set((s) => {
          const { [draft]: _gone, ...drafts } = s.drafts;
          return { drafts, draftErrors: withoutError(s.draftErrors, draft) };
        }),
      resumeUploads: () => {
        for (const [draft, files] of Object.entries(get().drafts)) for (const f of files) if (f.status === 'waiting') void upload(draft, f);
      },
    };
  };
