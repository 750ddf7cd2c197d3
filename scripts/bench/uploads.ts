// Issue 30: what a 4 MB phone photo costs the server — POST /api/uploads (busboy, file-type, sharp: decode,
// orientation, re-encode without metadata, a 320 px thumbnail, the content-addressed write and the row) —
// beside its floor in the same run: the bare copy of the same bytes to disk (write + fsync).
//
//   npm run bench:uploads              30 distinct 4 MB photos, one at a time; writes its section in docs/benchmarks.md
//   npm run bench:uploads -- --smoke   3 photos, nothing written (checks it still runs)
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createClient, startServer } from '../../test/helpers/server.ts';
import { upload } from '../../test/helpers/uploads.ts';
import { cpuTicks, percentile, writeSection } from './report.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
const smoke = args.has('smoke');
const PHOTOS = Number(args.get('photos') ?? (smoke ? 3 : 30));
const TICK_MS = 10; // /proc clock ticks are 1/100 s

/**
 * A photo like a phone's: 4032 × 3024, smooth areas and fine detail (a blurred random field plus grain),
 * EXIF with a GPS position, about 4 MB. Each one differs, so no two share a blob.
 */
const photo = async (n: number): Promise<Buffer> => {
  const small = crypto.randomBytes(126 * 95 * 3);
  const base = await sharp(small, { raw: { width: 126, height: 95, channels: 3 } }).resize(4032, 3024, { kernel: 'cubic' }).raw().toBuffer();
  const grain = crypto.randomBytes(base.length);
  for (let i = 0; i < base.length; i++) base[i] = Math.min(255, Math.max(0, base[i]! + ((grain[i]! & 31) - 16)));
  return sharp(base, { raw: { width: 4032, height: 3024, channels: 3 } })
    .jpeg({ quality: 92 })
    .withExif({ IFD0: { Make: 'BenchPhone', Model: `Camera ${n}` }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
};

const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

const main = async () => {
  console.log(`making ${PHOTOS} photos…`);
  const photos: Buffer[] = [];
  for (let i = 0; i < PHOTOS; i++) photos.push(await photo(i));
  const mb = photos.reduce((a, p) => a + p.length, 0) / photos.length / 1024 / 1024;
  console.log(`photos of ${mb.toFixed(2)} MB on average`);

  // The floor: the same bytes written to a file and synced, as the store does with the re-encoded picture.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-uploads-'));
  const floorMs: number[] = [];
  const floorCpu0 = process.cpuUsage();
  for (const [i, data] of photos.entries()) {
    const t0 = performance.now();
    const fd = fs.openSync(path.join(dir, `copy-${i}`), 'wx');
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    floorMs.push(performance.now() - t0);
  }
  const floorCpu = process.cpuUsage(floorCpu0);
  fs.rmSync(dir, { recursive: true, force: true });

  const server = await startServer({ env: { RATE_LIMIT_MULTIPLIER: '1000', UPLOADS_PER_DAY: '100000', UPLOAD_MB_PER_DAY: '100000' } });
  try {
    const customer = createClient(server.url);
    if ((await customer.post('/api/customers', { name: 'Bench Photos', email: 'bench-photos@example.com' })).status !== 201) throw new Error('no customer');
    const cookie = customer.cookieHeader();
    // Warm: the first decode loads libvips' codecs.
    await upload(server.url, cookie, { data: await photo(-1), name: 'warm.jpg', type: 'image/jpeg' });
    const took: number[] = [];
    const ticks0 = cpuTicks(server.pid);
    for (const [i, data] of photos.entries()) {
      const t0 = performance.now();
      const res = await upload(server.url, cookie, { data, name: `IMG_${i}.jpg`, type: 'image/jpeg' });
      took.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`upload ${i}: ${res.status} ${JSON.stringify(res.json)}`);
    }
    const serverCpuMs = ((cpuTicks(server.pid) - ticks0) * TICK_MS) / PHOTOS;
    const sorted = [...took].sort((a, b) => a - b);
    const floorSorted = [...floorMs].sort((a, b) => a - b);
    const floorCpuMs = (floorCpu.user + floorCpu.system) / 1000 / PHOTOS;
    const kept = await server.db.upload.aggregate({ _avg: { bytes: true, thumbBytes: true } });
    const lines = [
      `Command: \`npm run bench:uploads\` (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}). One app instance on SQLite (files under data/uploads/), ${PHOTOS} distinct photos of 4032 × 3024 (${mb.toFixed(2)} MB on average, EXIF with GPS, orientation 6) sent one at a time by a client on the same machine; the floor in the same run: each photo's bytes written to a new file and fsynced.`,
      '',
      '| | p50 | p99 | CPU per photo |',
      '|---|---|---|---|',
      `| POST /api/uploads (multipart → sniff → decode, rotate, re-encode JPEG q85 → 320 px WebP thumbnail → atomic write + fsync → row) | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(serverCpuMs)} (server process, all threads) |`,
      `| floor: the same bytes written to disk (write + fsync) | ${ms(percentile(floorSorted, 50))} | ${ms(percentile(floorSorted, 99))} | ${ms(floorCpuMs)} |`,
      '',
      `Kept per photo: ${((kept._avg.bytes ?? 0) / 1024 / 1024).toFixed(2)} MB picture (re-encoded, no metadata) + ${((kept._avg.thumbBytes ?? 0) / 1024).toFixed(1)} KB thumbnail.`,
    ];
    console.log(lines.join('\n'));
    if (!smoke) writeSection('Uploads (issue 30)', lines.join('\n'));
  } finally {
    await server.stop();
  }
};

await main();
