import zlib from 'node:zlib';
import sharp from 'sharp';

/** Pictures and files for the upload tests, made here (nothing binary is committed). */

/** A photo as a phone takes it: EXIF with the camera, a GPS position, and "rotate 90°" in its orientation. */
export const phonePhoto = async (width = 1200, height = 900): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><rect x="0" y="0" width="${width / 4}" height="${height / 4}" fill="#123"/></svg>`), top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Camera 9', Copyright: 'secret-owner-name' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();

export const smallPng = async (seed = 0): Promise<Buffer> =>
  sharp({ create: { width: 64 + seed, height: 48, channels: 4, background: { r: seed % 255, g: 120, b: 200, alpha: 1 } } }).png().toBuffer();

/** Noise a JPEG cannot shrink, cut before its end. */
export const truncatedJpeg = async (): Promise<Buffer> => {
  const noise = Buffer.alloc(600 * 400 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  const full = await sharp(noise, { raw: { width: 600, height: 400, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  return full.subarray(0, Math.floor(full.length * 0.6));
};

const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
};

/**
 * A real decompression bomb: a valid 1-bit PNG of side × side pixels, all black, whose few hundred KB
 * inflate to side × (side / 8 + 1) bytes (50 000: 312 MB) and decode to side² pixels (2.5 billion).
 */
export const pngBomb = async (side = 50_000): Promise<Buffer> => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.alloc(1 + Math.ceil(side / 8)); // filter byte 0, then zero bits
  const deflate = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  for (let y = 0; y < side; y++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', Buffer.concat(out)), chunk('IEND', Buffer.alloc(0))]);
};

/** A minimal well-formed PDF. */
export const tinyPdf = (): Buffer =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );

/** POST /api/uploads as the browser sends it: one file in the field `file`. */
export const upload = async (base: string, cookie: string, file: { data: Buffer; name: string; type?: string }, field = 'file') => {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name);
  const res = await fetch(`${base}/api/uploads`, { method: 'POST', headers: { cookie }, body: form });
  return { status: res.status, json: (await res.json().catch(() => null)) as any, headers: res.headers };
};

/** GET a file: the status, headers and bytes. */
export const fetchFile = async (base: string, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(base + path, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
};
