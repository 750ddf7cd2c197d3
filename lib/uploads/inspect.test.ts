import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cleanName, inspectFile, MAX_FILE_BYTES } from './inspect.ts';
import { phonePhoto, tinyPdf } from '../../test/helpers/uploads.ts';

const codeOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { code?: string; field?: string }) => `${e.code} ${e.field}`);

describe('inspectFile: judged by the bytes, pixels only', () => {
  it('a GIF keeps its first frame, as a PNG; an animated WebP likewise its first', async () => {
    const red = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'red' } }).png().toBuffer();
    const blue = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'blue' } }).png().toBuffer();
    const animated = await sharp([red, blue], { join: { animated: true } }).gif({ loop: 0 }).toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const out = await inspectFile({ data: animated, filename: 'dance.gif' });
    expect(out).toMatchObject({ kind: 'image', mime: 'image/png', name: 'dance.png' });
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.pages ?? 1, meta.width, meta.height]).toEqual(['png', 1, 40, 30]);
    const { data } = await sharp(out.data).raw().toBuffer({ resolveWithObject: true });
    expect([data[0], data[2]]).toEqual([255, 0]); // red: the first frame, not the blue second
  });

  it('a WebP stays WebP, upright; the thumbnail is at most 320 px', async () => {
    const webp = await sharp({ create: { width: 1000, height: 500, channels: 3, background: 'green' } }).webp().toBuffer();
    const out = await inspectFile({ data: webp, filename: 'x' });
    expect(out).toMatchObject({ kind: 'image', mime: 'image/webp', name: 'x.webp', width: 1000, height: 500 });
    const thumb = await sharp(out.thumbnail!).metadata();
    expect([thumb.width, thumb.height]).toEqual([320, 160]);
  });

  it('removes every piece of metadata a camera writes', async () => {
    const out = await inspectFile({ data: await phonePhoto(400, 300), filename: 'IMG.jpeg' });
    const meta = await sharp(out.data).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined]);
    expect([out.width, out.height, out.name]).toEqual([300, 400, 'IMG.jpeg'.replace('.jpeg', '.jpg')]);
  });

  it('a PDF is kept as it came; one without its end is refused', async () => {
    const out = await inspectFile({ data: tinyPdf(), filename: 'invoice.PDF' });
    expect(out).toMatchObject({ kind: 'pdf', mime: 'application/pdf', name: 'invoice.pdf', width: null, thumbnail: null });
    expect(out.data.equals(tinyPdf())).toBe(true);
    expect(await codeOf(inspectFile({ data: tinyPdf().subarray(0, 60), filename: 'cut.pdf' }))).toBe('unreadable_file file');
  });

  it('refuses what it is not, naming the field: empty, too large, SVG (it can carry script), a renamed file', async () => {
    expect(await codeOf(inspectFile({ data: Buffer.alloc(0), filename: 'a.png' }))).toBe('invalid_input file');
    expect(await codeOf(inspectFile({ data: Buffer.alloc(MAX_FILE_BYTES + 1), filename: 'a.png' }))).toBe('file_too_large file');
    expect(await codeOf(inspectFile({ data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), filename: 'a.svg' }))).toBe('unsupported_file file');
    expect(await codeOf(inspectFile({ data: tinyPdf(), filename: 'report.jpg' }))).toBe('unsupported_file file');
    // A name with no picture extension does not contradict anything.
    expect(await codeOf(inspectFile({ data: tinyPdf(), filename: 'scan' }))).toBe('accepted');
  });
});

describe('cleanName', () => {
  it('keeps the last part of a path, drops control and reserved characters, bounds the length', () => {
    expect(cleanName('C:\\Users\\me\\Desktop\\照片 1.jpg', 'f')).toBe('照片 1.jpg');
    expect(cleanName('../../etc/passwd', 'f')).toBe('passwd');
    expect(cleanName('a\u0000b\u001f"<c>.png', 'f')).toBe('abc.png');
    expect(cleanName('..', 'fallback')).toBe('fallback');
    const long = cleanName(`${'x'.repeat(300)}.jpeg`, 'f');
    expect([long.length, long.endsWith('.jpeg')]).toEqual([120, true]);
  });
});
