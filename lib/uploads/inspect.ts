import path from 'node:path';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../errors.ts';
import type { AttachmentKind } from './view.ts';

/**
 * What a customer sent, judged by its bytes (issue 30): a JPEG, PNG, WebP or GIF picture, or a PDF —
 * never by its name or the type the browser declared. A picture is decoded and encoded again, so what is
 * served is pixels only: the orientation applied, every piece of metadata (EXIF, GPS location, the
 * camera's serial number, comments) gone, a GIF's first frame kept. Its dimensions are read from the
 * header before a pixel is decoded, so a decompression bomb is refused for the price of reading a header.
 */

/** At most this many bytes in one file. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** At most this many pixels in a picture (a 48 MP phone photo fits; a 50 000 × 50 000 bomb does not). */
export const MAX_PIXELS = 50_000_000;
/** The long side of a thumbnail. */
export const THUMBNAIL_SIDE = 320;

type Sniffed = { mime: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | 'application/pdf'; kind: AttachmentKind; label: string };

const ACCEPTED: Record<string, Sniffed> = {
  'image/jpeg': { mime: 'image/jpeg', kind: 'image', label: 'a JPEG picture' },
  'image/png': { mime: 'image/png', kind: 'image', label: 'a PNG picture' },
  'image/webp': { mime: 'image/webp', kind: 'image', label: 'a WebP picture' },
  'image/gif': { mime: 'image/gif', kind: 'image', label: 'a GIF picture' },
  'application/pdf': { mime: 'application/pdf', kind: 'pdf', label: 'a PDF' },
};

/** The extensions a name may carry, and what each one says the file is. */
const EXTENSIONS: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  jfif: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
};

/** The extension of what is served (a GIF is served as the PNG of its first frame). */
const SERVED_EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

export const refused = {
  tooLarge: () => new AppError('file_too_large', 'The file is too large: 10 MB at most.', 'file'),
  unsupported: () => new AppError('unsupported_file', 'This file is not a picture (JPEG, PNG, WebP, GIF) or a PDF.', 'file'),
  mismatch: (ext: string, actual: string) =>
    new AppError('unsupported_file', `The file is named .${ext} but it is ${actual}: rename it to what it is, or send the original.`, 'file'),
  unreadable: () => new AppError('unreadable_file', 'The picture is damaged or incomplete and cannot be shown. Please take or choose it again.', 'file'),
  tooManyPixels: () => new AppError('image_too_large', `The picture is too large: ${MAX_PIXELS / 1_000_000} megapixels at most.`, 'file'),
  empty: () => new AppError('invalid_input', 'The file is empty.', 'file'),
};

/** A name fit to show and to offer on download: no folders, no control characters, not too long. */
export const cleanName = (raw: string, fallback: string): string => {
  const base = path.posix.basename(raw.replace(/\\/g, '/')).normalize('NFC');
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f"<>|*?:]/g, '').trim();
  if (!clean || clean === '.' || clean === '..') return fallback;
  if (clean.length <= 120) return clean;
  const ext = path.posix.extname(clean).slice(0, 10);
  return clean.slice(0, 120 - ext.length) + ext;
};

const withExtension = (name: string, ext: string): string => {
  const current = path.posix.extname(name);
  const stem = current && EXTENSIONS[current.slice(1).toLowerCase()] ? name.slice(0, -current.length) : name;
  return `${stem || 'file'}.${ext}`;
};

export type Inspected = {
  kind: AttachmentKind;
  mime: string;
  name: string;
  data: Buffer;
  width: number | null;
  height: number | null;
  thumbnail: Buffer | null;
};

const sniff = async (data: Buffer, name: string): Promise<Sniffed> => {
  const found = await fileTypeFromBuffer(data).catch(() => undefined);
  const sniffed = found ? ACCEPTED[found.mime] : undefined;
  if (!sniffed) throw refused.unsupported();
  // The bytes decide what it is. A name that says otherwise (a PNG called photo.jpg) is refused rather than
  // guessed at: whoever renamed it may have meant to hide what it is.
  const ext = path.posix.extname(name).slice(1).toLowerCase();
  if (ext && EXTENSIONS[ext] && EXTENSIONS[ext] !== sniffed.mime) throw refused.mismatch(ext, sniffed.label);
  return sniffed;
};

/** Decodes and encodes a picture again: pixels only, upright; and its thumbnail. */
const reencode = async (data: Buffer, mime: Sniffed['mime']): Promise<{ data: Buffer; mime: string; width: number; height: number; thumbnail: Buffer }> => {
  let meta: Metadata;
  try {
    // The header only: no pixel is decoded yet.
    meta = await sharp(data, { limitInputPixels: false, pages: 1 }).metadata();
  } catch {
    throw refused.unreadable();
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw refused.unreadable();
  if (width * height > MAX_PIXELS) throw refused.tooManyPixels();
  // failOn 'error': a truncated or corrupt picture is refused, not served half grey.
  const input = sharp(data, { limitInputPixels: MAX_PIXELS, failOn: 'error', pages: 1, animated: false }).rotate();
  const encoded =
    mime === 'image/jpeg'
      ? { image: input.jpeg({ quality: 85 }), mime: 'image/jpeg' }
      : mime === 'image/webp'
        ? { image: input.webp({ quality: 85 }), mime: 'image/webp' }
        : { image: input.png({ compressionLevel: 6 }), mime: 'image/png' }; // PNG, and a GIF's first frame
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await encoded.image.toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw refused.tooManyPixels();
    throw refused.unreadable();
  }
  // From the re-encoded picture (a JPEG shrinks on load): never from the customer's bytes twice.
  const thumbnail = await sharp(out.data, { limitInputPixels: MAX_PIXELS })
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
  return { data: out.data, mime: encoded.mime, width: out.info.width, height: out.info.height, thumbnail };
};

/** A PDF is kept as it came (it is only ever offered as a download, in a sandbox): its frame is checked. */
const checkPdf = (data: Buffer): void => {
  const tail = data.subarray(Math.max(0, data.length - 1024)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new AppError('unreadable_file', 'The PDF is damaged or incomplete. Please send it again.', 'file');
};

/** Judges one file; refuses it with an AppError naming the field `file`. */
export const inspectFile = async (file: { data: Buffer; filename: string }): Promise<Inspected> => {
  if (file.data.length === 0) throw refused.empty();
  if (file.data.length > MAX_FILE_BYTES) throw refused.tooLarge();
  const given = cleanName(file.filename, 'file');
  const sniffed = await sniff(file.data, given);
  if (sniffed.kind === 'pdf') {
    checkPdf(file.data);
    return { kind: 'pdf', mime: sniffed.mime, name: withExtension(given === 'file' ? 'document' : given, 'pdf'), data: file.data, width: null, height: null, thumbnail: null };
  }
  const picture = await reencode(file.data, sniffed.mime);
  return {
    kind: 'image',
    mime: picture.mime,
    name: withExtension(given === 'file' ? 'picture' : given, SERVED_EXTENSION[picture.mime]!),
    data: picture.data,
    width: picture.width,
    height: picture.height,
    thumbnail: picture.thumbnail,
  };
};
