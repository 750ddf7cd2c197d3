import type { StateCreator } from 'zustand';
import type { BindingSlice } from './binding-slice.ts';
import type { FeedbackSlice } from './feedback-slice.ts';
import type { MatchSlice } from './match-slice.ts';
import type { OutboxSlice } from './outbox-slice.ts';
import type { ReadMarksSlice } from './read-marks-slice.ts';
import type { RequestsSlice } from './requests-slice.ts';
import type { SessionSlice } from './session-slice.ts';
import type { ApiCall } from './types.ts';
import type { UploadFile } from './attachments.ts';
import type { BlobStore } from './blob-store.ts';
import type { DraftsSlice } from './drafts-slice.ts';

export type CustomerState = SessionSlice & BindingSlice & MatchSlice & RequestsSlice & OutboxSlice & ReadMarksSlice & FeedbackSlice & DraftsSlice;

export type SliceCreator<T> = StateCreator<CustomerState, [['zustand/persist', unknown]], [], T>;

/** What the store needs from the outside world; tests pass fakes. */
export type CustomerStoreDeps = {
  api: ApiCall;
  now: () => Date;
  /** A new idempotency key (8–128 of A-Za-z0-9_.:-). */
  newKey: () => string;
  /** sends one file to POST /api/uploads, with its progress */
  upload: UploadFile;
  /** keeps the files of requests written offline */
  blobs: BlobStore;
};
