import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { AppError } from '../errors.ts';

/** One file read from a `multipart/form-data` body. */
export type ReceivedFile = { data: Buffer; filename: string; mimeType: string };

const unreadable = (field: string) => new AppError('invalid_input', `The form could not be read: send one file in the field "${field}".`, field);

/**
 * Reads the one file of a form (busboy parses the stream as it arrives). Past `maxBytes` the rest of the
 * file is read and dropped — not kept in memory — and the call is refused with 413 naming the field, so
 * the client gets an answer rather than a reset connection. Any other part of the form is ignored; a
 * second file is refused.
 */
export const readOneFile = (req: Request, opts: { field: string; maxBytes: number; tooLarge: () => AppError }): Promise<ReceivedFile> => {
  const type = req.headers.get('content-type') ?? '';
  if (!req.body) return Promise.reject(new AppError('invalid_input', 'No file was sent.', opts.field));
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': type }, limits: { files: 2, fileSize: opts.maxBytes, fields: 20, fieldSize: 4096, parts: 24, headerPairs: 20 } });
  } catch {
    return Promise.reject(unreadable(opts.field));
  }
  return new Promise<ReceivedFile>((resolve, reject) => {
    let file: ReceivedFile | null = null;
    let failure: AppError | null = null;
    let files = 0;
    let pending = 0;
    let closed = false;
    const settle = () => {
      if (!closed || pending > 0) return;
      if (failure) reject(failure);
      else if (file) resolve(file);
      else reject(new AppError('invalid_input', `No file was sent in the field "${opts.field}".`, opts.field));
    };
    parser.on('file', (name, stream, info) => {
      files++;
      if (name !== opts.field || files > 1) {
        if (files > 1) failure ??= new AppError('invalid_input', 'Send one file at a time.', opts.field);
        stream.resume();
        return;
      }
      pending++;
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (chunk: Buffer) => {
        if (!truncated) chunks.push(chunk);
      });
      stream.on('limit', () => {
        truncated = true;
        chunks.length = 0;
        failure ??= opts.tooLarge();
      });
      stream.on('error', () => {
        failure ??= unreadable(opts.field);
      });
      stream.on('close', () => {
        if (!truncated) file = { data: Buffer.concat(chunks), filename: info.filename ?? '', mimeType: info.mimeType ?? '' };
        pending--;
        settle();
      });
    });
    parser.on('error', () => {
      failure ??= unreadable(opts.field);
      closed = true;
      pending = 0;
      settle();
    });
    parser.on('close', () => {
      closed = true;
      settle();
    });
    const source = Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>);
    source.on('error', () => {
      failure ??= unreadable(opts.field);
      parser.destroy();
      closed = true;
      pending = 0;
      settle();
    });
    // A body sent without a length that never ends is cut, not drained for ever.
    let total = 0;
    const cap = opts.maxBytes + 2 * 1024 * 1024;
    source.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= cap || closed) return;
      failure ??= opts.tooLarge();
      source.destroy();
      parser.destroy();
      closed = true;
      pending = 0;
      settle();
    });
    source.pipe(parser);
  });
};
