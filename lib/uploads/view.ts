/**
 * What a request, a message and an alert say about each file attached to it (issue 30). `url` and
 * `thumbnailUrl` answer only to the customer who sent it and to the agents handling its request.
 */
export type AttachmentKind = 'image' | 'pdf';

export type AttachmentView = {
  id: string;
  kind: AttachmentKind;
  name: string;
  bytes: number;
  width?: number;
  height?: number;
  url: string;
  thumbnailUrl?: string;
};

/** What `POST /api/uploads` answers: the upload, before it is attached. */
export type UploadView = { id: string; kind: AttachmentKind; bytes: number; width?: number; height?: number; name: string };

/** The columns a view needs (a Prisma `select`). */
export const ATTACHMENT_SELECT = { id: true, kind: true, name: true, bytes: true, width: true, height: true, thumbBlob: true, position: true, createdAt: true } as const;

export type AttachmentRow = { id: string; kind: string; name: string; bytes: number; width: number | null; height: number | null; thumbBlob: string | null; position: number | null; createdAt: Date };

export const uploadUrl = (id: string): string => `/api/uploads/${id}`;
export const thumbnailUrl = (id: string): string => `/api/uploads/${id}/thumbnail`;

export const toAttachmentView = (u: AttachmentRow): AttachmentView => ({
  id: u.id,
  kind: u.kind === 'pdf' ? 'pdf' : 'image',
  name: u.name,
  bytes: u.bytes,
  ...(u.width !== null ? { width: u.width } : {}),
  ...(u.height !== null ? { height: u.height } : {}),
  url: uploadUrl(u.id),
  ...(u.thumbBlob ? { thumbnailUrl: thumbnailUrl(u.id) } : {}),
});

/** Attachments in the order the customer listed them (files uploaded together can finish in any order). */
export const toAttachmentViews = (rows: readonly AttachmentRow[] | undefined): AttachmentView[] =>
  [...(rows ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)).map(toAttachmentView);

export const toUploadView = (u: AttachmentRow): UploadView => ({
  id: u.id,
  kind: u.kind === 'pdf' ? 'pdf' : 'image',
  bytes: u.bytes,
  name: u.name,
  ...(u.width !== null ? { width: u.width } : {}),
  ...(u.height !== null ? { height: u.height } : {}),
});
