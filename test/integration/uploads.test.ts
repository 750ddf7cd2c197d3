import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, eventually, nextEvent, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { fetchFile, phonePhoto, pngBomb, smallPng, tinyPdf, truncatedJpeg, upload } from '../helpers/uploads.ts';

// Issue 30: pictures in the conversation — uploaded, judged by their bytes, re-encoded without their
// metadata, attached once, shown to the customer and the agents handling the request only, swept and erased.
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

let bomb: Buffer;
beforeAll(async () => {
  [server, bomb] = await Promise.all([
    startServer({ env: { ACCEPT_TIMEOUT_MS: '600000', PRESENCE_GRACE_MS: '600000', SWEEP_INTERVAL_MS: '300', UPLOADS_PER_DAY: '12' } }),
    pngBomb(),
  ]);
}, 60_000);
afterEach(() => s.closeAll());
afterAll(() => server?.stop());

/** Blobs kept by the store: files under uploads/ beside the SQLite file, or rows of UploadBlob. */
const blobsKept = async (): Promise<number> => {
  if (server.dbUrl.startsWith('postgres')) return server.db.uploadBlob.count();
  const dir = path.join(server.dir, 'uploads');
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
};

let n = 0;
const key = () => `upload-test-${++n}-${Date.now()}`;

/** An agent online with a console, and a customer bound to them. */
const pair = async (handle: string) => {
  await s.agent(handle, 70);
  const me = await s.online(handle);
  const customer = await s.customerOf(`Customer ${handle}`, handle);
  const cookie = customer.client.cookieHeader();
  return { me, customer, cookie, agentAuth: { authorization: `Bearer ${me.token}` } };
};

describe('pictures in the conversation', () => {
  it('upload → attach → the alert carries it and the agent fetches it; EXIF and GPS gone, upright; 404 to anyone else', async () => {
    const { me, customer, cookie, agentAuth } = await pair('pictures');
    const photo = await phonePhoto(1200, 900);
    const original = await sharp(photo).metadata();
    expect(original.exif?.toString('latin1')).toContain('secret-owner-name');
    expect(original.orientation).toBe(6);

    const up = await upload(server.url, cookie, { data: photo, name: 'IMG_2041.JPG', type: 'image/jpeg' });
    expect(up.status).toBe(201);
    // Upright now: the 1200 × 900 picture turned by its orientation tag is 900 × 1200.
    expect(up.json.upload).toMatchObject({ id: expect.any(String), kind: 'image', width: 900, height: 1200, name: 'IMG_2041.jpg' });
    const id = up.json.upload.id as string;

    const alert = nextEvent<any>(me.tab, 'service-request:new');
    const sent = await customer.client.post('/api/service-requests', { message: 'The box arrived crushed', attachments: [id] }, { 'Idempotency-Key': key() });
    expect(sent.status).toBe(201);
    const attachment = { id, kind: 'image', name: 'IMG_2041.jpg', width: 900, height: 1200, url: `/api/uploads/${id}`, thumbnailUrl: `/api/uploads/${id}/thumbnail` };
    expect(sent.json.request.attachments).toEqual([{ ...attachment, bytes: expect.any(Number) }]);
    const heard = await alert;
    expect(heard.attachments).toEqual(sent.json.request.attachments);

    // The agent fetches the picture: pixels only.
    const file = await fetchFile(server.url, attachment.url, agentAuth);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="IMG_2041.jpg"/);
    expect(file.headers.get('cache-control')).toBe('private, max-age=3600');
    const served = await sharp(file.body).metadata();
    expect([served.width, served.height]).toEqual([900, 1200]);
    expect(served.exif).toBeUndefined();
    expect(served.orientation).toBeUndefined();
    expect(file.body.toString('latin1')).not.toContain('secret-owner-name');
    expect(file.body.toString('latin1')).not.toContain('TestPhone');
    // Asked for as a download, it is saved rather than shown.
    expect((await fetchFile(server.url, `${attachment.url}?download=1`, agentAuth)).headers.get('content-disposition')).toMatch(/^attachment;/);
    // The thumbnail: a small WebP, 320 px on its long side.
    const thumb = await fetchFile(server.url, attachment.thumbnailUrl, agentAuth);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const t = await sharp(thumb.body).metadata();
    expect([t.width, t.height]).toEqual([240, 320]);

    // The customer sees their own file; the request and thread views carry it.
    expect((await fetchFile(server.url, attachment.url, { cookie })).status).toBe(200);
    expect((await customer.client.get(`/api/service-requests/${sent.json.request.id}`)).json.request.attachments).toEqual(sent.json.request.attachments);
    const inHand = (await me.client.get('/api/agent/requests')).json.requests.find((r: { id: string }) => r.id === sent.json.request.id);
    expect(inHand.attachments).toEqual(sent.json.request.attachments);

    // Nobody else: another customer, an agent who does not handle it, nobody signed in.
    const other = createClient(server.url);
    expect((await other.post('/api/customers', { name: 'Someone Else', email: 'else@example.com' })).status).toBe(201);
    for (const p of [attachment.url, attachment.thumbnailUrl]) {
      const r = await fetchFile(server.url, p, { cookie: other.cookieHeader() });
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body.toString()).error).toMatchObject({ code: 'not_found', field: 'id' });
    }
    await s.agent('pictures-stranger', 40);
    const stranger = await s.signIn('pictures-stranger');
    expect((await fetchFile(server.url, attachment.url, { authorization: `Bearer ${stranger.token}` })).status).toBe(404);
    expect((await fetchFile(server.url, attachment.url)).status).toBe(401);
  });

  it('a message of the thread carries files too (no words needed), heard live by the agent; a PDF is a download', async () => {
    const { me, customer, cookie, agentAuth } = await pair('pictures-thread');
    const sent = await customer.send('Invoice question');
    expect(sent.status).toBe(201);
    const picture = await upload(server.url, cookie, { data: await smallPng(1), name: 'screenshot.png', type: 'image/png' });
    const pdf = await upload(server.url, cookie, { data: tinyPdf(), name: 'invoice.pdf', type: 'application/pdf' });
    expect([picture.status, pdf.status]).toEqual([201, 201]);
    expect(pdf.json.upload).toEqual({ id: expect.any(String), kind: 'pdf', bytes: tinyPdf().length, name: 'invoice.pdf' });

    const heard = nextEvent<any>(me.tab, 'service-request:message');
    // The PDF was uploaded last and listed first: the thread keeps the customer's order.
    const said = await customer.client.post(`/api/service-requests/${sent.json.request.id}/messages`, { body: '', attachments: [pdf.json.upload.id, picture.json.upload.id] });
    expect(said.status).toBe(201);
    expect(said.json.message.body).toBe('');
    expect(said.json.message.attachments.map((a: { kind: string }) => a.kind)).toEqual(['pdf', 'image']);
    expect(said.json.message.attachments[0]).not.toHaveProperty('thumbnailUrl');
    expect((await heard).attachments).toEqual(said.json.message.attachments);

    const doc = await fetchFile(server.url, said.json.message.attachments[0].url, agentAuth);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toBe('application/pdf');
    expect(doc.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(doc.body.equals(tinyPdf())).toBe(true);
    // Words or files: an empty message is still refused.
    const empty = await customer.client.post(`/api/service-requests/${sent.json.request.id}/messages`, { body: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.json.error.field).toBe('body');
  });

  it('refuses, in words naming the field, and stores nothing: a PNG named .jpg, HTML named .png, a 50 000 × 50 000 bomb, a truncated JPEG, 11 MB', async () => {
    const { cookie } = await pair('pictures-refusals');
    const before = { uploads: await server.db.upload.count(), blobs: await blobsKept() };
    const cases = [
      { what: 'a PNG renamed .jpg', file: { data: await smallPng(2), name: 'photo.jpg', type: 'image/jpeg' }, status: 415, code: 'unsupported_file', says: /named \.jpg but it is a PNG/ },
      { what: 'HTML named .png', file: { data: Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), name: 'cute.png', type: 'image/png' }, status: 415, code: 'unsupported_file', says: /not a picture/ },
      { what: 'a 50 000 × 50 000 bomb', file: { data: bomb, name: 'bomb.png', type: 'image/png' }, status: 422, code: 'image_too_large', says: /too large: 50 megapixels/ },
      { what: 'a truncated JPEG', file: { data: await truncatedJpeg(), name: 'cut.jpg', type: 'image/jpeg' }, status: 422, code: 'unreadable_file', says: /damaged or incomplete/ },
      { what: '11 MB', file: { data: Buffer.alloc(11 * 1024 * 1024, 7), name: 'huge.jpg', type: 'image/jpeg' }, status: 413, code: 'file_too_large', says: /10 MB at most/ },
    ];
    for (const c of cases) {
      const r = await upload(server.url, cookie, c.file);
      expect([c.what, r.status, r.json?.error?.code, r.json?.error?.field]).toEqual([c.what, c.status, c.code, 'file']);
      expect(r.json.error.message).toMatch(c.says);
    }
    // No file in the form, or in another field.
    const wrongField = await upload(server.url, cookie, { data: await smallPng(3), name: 'a.png' }, 'picture');
    expect([wrongField.status, wrongField.json.error.field]).toEqual([400, 'file']);
    expect({ uploads: await server.db.upload.count(), blobs: await blobsKept() }).toEqual(before);
  }, 60_000);

  it('a sixth file, a file sent twice, someone else’s file: refused naming `attachments`, nothing stored; a retry with the same key gets the request back', async () => {
    const { customer, cookie } = await pair('pictures-once');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await upload(server.url, cookie, { data: await smallPng(10 + i), name: `p${i}.png` })).json.upload.id);
    const requests = await server.db.serviceRequest.count();

    const six = await customer.client.post('/api/service-requests', { message: 'six pictures', attachments: ids }, { 'Idempotency-Key': key() });
    expect([six.status, six.json.error.field]).toEqual([400, 'attachments']);
    expect(six.json.error.message).toMatch(/At most 5 files/);

    const k = key();
    // Listed in another order than uploaded: they keep the customer's order everywhere.
    const listed = ids.slice(0, 5).reverse();
    const five = await customer.client.post('/api/service-requests', { message: 'five pictures', attachments: listed }, { 'Idempotency-Key': k });
    expect(five.status).toBe(201);
    expect(five.json.request.attachments.map((a: { id: string }) => a.id)).toEqual(listed);
    expect((await customer.client.get(`/api/service-requests/${five.json.request.id}`)).json.request.attachments.map((a: { id: string }) => a.id)).toEqual(listed);
    // The same request sent again (a lost answer): the stored one, its files with it.
    const again = await customer.client.post('/api/service-requests', { message: 'five pictures', attachments: listed }, { 'Idempotency-Key': k });
    expect(again.status).toBe(200);
    expect(again.json.request).toEqual(five.json.request);

    // A file already sent cannot be sent with another request or message.
    const twice = await customer.client.post('/api/service-requests', { message: 'again?', attachments: [ids[0]] }, { 'Idempotency-Key': key() });
    expect([twice.status, twice.json.error.code, twice.json.error.field]).toEqual([409, 'conflict', 'attachments']);
    const inThread = await customer.client.post(`/api/service-requests/${five.json.request.id}/messages`, { body: 'and this', attachments: [ids[1]] });
    expect([inThread.status, inThread.json.error.field]).toEqual([409, 'attachments']);
    // Another customer's upload is not theirs to send.
    const other = await s.customerOf('Other pictures', 'pictures-once');
    const theirs = await other.client.post('/api/service-requests', { message: 'not mine', attachments: [ids[5]] }, { 'Idempotency-Key': key() });
    expect([theirs.status, theirs.json.error.field]).toEqual([409, 'attachments']);
    expect(await server.db.serviceRequest.count()).toBe(requests + 1);
    expect(await server.db.requestMessage.count({ where: { requestId: five.json.request.id } })).toBe(0);
    expect((await server.db.upload.findUniqueOrThrow({ where: { id: ids[5]! } })).requestId).toBeNull();
  });

  it('two requests racing for the same file: one gets it, the other is refused and not stored', async () => {
    const { customer, cookie } = await pair('pictures-race');
    const id = (await upload(server.url, cookie, { data: await smallPng(30), name: 'race.png' })).json.upload.id;
    const before = await server.db.serviceRequest.count();
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => customer.client.post('/api/service-requests', { message: `race ${i}`, attachments: [id] }, { 'Idempotency-Key': key() })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await server.db.serviceRequest.count()).toBe(before + 1);
    const winner = answers.find((a) => a.status === 201)!.json.request.id;
    expect((await server.db.upload.findUniqueOrThrow({ where: { id } })).requestId).toBe(winner);
  });

  it('the day’s quota per customer holds when the uploads come at once: past it, 429 naming the file, in words', async () => {
    const { cookie } = await pair('pictures-quota');
    const files = await Promise.all(Array.from({ length: 14 }, (_, i) => smallPng(40 + i)));
    const answers = await Promise.all(files.map((data, i) => upload(server.url, cookie, { data, name: `q${i}.png` })));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(12).fill(201), 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect([refused.json.error.code, refused.json.error.field, refused.headers.get('retry-after')]).toEqual(['upload_quota', 'file', '3600']);
    expect(refused.json.error.message).toMatch(/as many files as a day allows \(12 files/);
    const customerId = (await server.db.customer.findFirstOrThrow({ where: { name: 'Customer pictures-quota' } })).id;
    expect(await server.db.upload.count({ where: { customerId } })).toBe(12);
  });

  it('the sweeper forgets uploads never attached within 24 h, with their bytes; attached ones stay', async () => {
    const { customer, cookie } = await pair('pictures-sweep');
    const kept = (await upload(server.url, cookie, { data: await smallPng(60), name: 'kept.png' })).json.upload.id;
    const lost = (await upload(server.url, cookie, { data: await smallPng(61), name: 'lost.png' })).json.upload.id;
    const fresh = (await upload(server.url, cookie, { data: await smallPng(62), name: 'fresh.png' })).json.upload.id;
    expect((await customer.client.post('/api/service-requests', { message: 'with kept', attachments: [kept] }, { 'Idempotency-Key': key() })).status).toBe(201);
    const lostRow = await server.db.upload.findUniqueOrThrow({ where: { id: lost } });
    const blobsBefore = await blobsKept();
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    await server.db.upload.updateMany({ where: { id: { in: [kept, lost] } }, data: { createdAt: dayAgo } });
    await eventually(async () => (await server.db.upload.findUnique({ where: { id: lost } })) === null, 15_000);
    expect(await server.db.upload.findUnique({ where: { id: kept } })).not.toBeNull();
    expect(await server.db.upload.findUnique({ where: { id: fresh } })).not.toBeNull();
    // Its picture and thumbnail are gone from the store.
    await eventually(async () => (await blobsKept()) === blobsBefore - 2, 5_000);
    if (server.dbUrl.startsWith('postgres')) expect(await server.db.uploadBlob.count({ where: { sha256: { in: [lostRow.blob, lostRow.thumbBlob!] } } })).toBe(0);
    else expect(fs.existsSync(path.join(server.dir, 'uploads', lostRow.blob.slice(0, 2), lostRow.blob))).toBe(false);
    expect((await fetchFile(server.url, `/api/uploads/${lost}`, { cookie })).status).toBe(404);
  });

  it('the same bytes sent by two customers are kept once, and stay while one of them still names them; erasure removes a customer’s files', async () => {
    const a = await pair('pictures-erase');
    const b = await s.customerOf('Second pictures', 'pictures-erase');
    const same = await smallPng(70);
    const mine = (await upload(server.url, a.cookie, { data: same, name: 'same.png' })).json.upload.id;
    const theirs = (await upload(server.url, b.client.cookieHeader(), { data: same, name: 'same.png' })).json.upload.id;
    const only = (await upload(server.url, a.cookie, { data: await smallPng(71), name: 'only-mine.png' })).json.upload.id;
    const rows = await server.db.upload.findMany({ where: { id: { in: [mine, theirs, only] } } });
    expect(new Set(rows.map((r) => r.blob)).size).toBe(2);
    // Their data export lists them.
    const exported = (await a.customer.client.get('/api/customers/me/export')).json;
    expect(exported.files.map((f: { id: string; name: string; url: string }) => [f.id, f.name, f.url])).toEqual([
      [mine, 'same.png', `/api/uploads/${mine}`],
      [only, 'only-mine.png', `/api/uploads/${only}`],
    ]);
    const before = await blobsKept();
    expect((await a.customer.client.delete('/api/customers/me')).status).toBe(204);
    expect(await server.db.upload.count({ where: { id: { in: [mine, only] } } })).toBe(0);
    // Only-mine's picture and thumbnail went; the shared bytes stay for the other customer.
    expect(await blobsKept()).toBe(before - 2);
    expect((await fetchFile(server.url, `/api/uploads/${theirs}`, { cookie: b.client.cookieHeader() })).status).toBe(200);
  });
});
