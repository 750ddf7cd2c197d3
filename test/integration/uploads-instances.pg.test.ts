import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../lib/credentials/password.ts';
import { makeAgent } from '../helpers/db.ts';
import { connectSocket, connected, createClient, nextEvent, startServer, type RunningServer } from '../helpers/server.ts';
import { fetchFile, phonePhoto, upload } from '../helpers/uploads.ts';

// Issue 30: on PostgreSQL the files live in the database, so every instance serves every file — two
// instances, each with its own scratch folder (no shared disk), one database.
let a: RunningServer;
let b: RunningServer;
const env = { PRESENCE_GRACE_MS: '600000', ACCEPT_TIMEOUT_MS: '600000' };

beforeAll(async () => {
  a = await startServer({ env: { ...env, INSTANCE_ID: 'files-a' } });
  b = await startServer({ dbUrl: a.dbUrl, env: { ...env, INSTANCE_ID: 'files-b' } });
}, 60_000);
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(`--- A ---\n${a?.logs.join('')}\n--- B ---\n${b?.logs.join('')}`);
});
afterAll(async () => {
  await b?.stop({ keepDb: true });
  await a?.stop();
});

it('a picture uploaded through one instance is attached, alerted and served by the other, byte for byte', async () => {
  expect(a.dir).not.toBe(b.dir);
  await makeAgent(a.db, { handle: 'files', capability: 80, passwordHash: await hashPassword('right-password'), connected: false });
  const login = await createClient(b.url).post('/api/agent/login', { email: 'files@test.local', password: 'right-password' });
  const console_ = connectSocket(b.url, { token: login.json.token });
  try {
    const status = nextEvent(console_, 'agent:status');
    await connected(console_);
    await status;
    const customer = createClient(a.url);
    expect((await customer.post('/api/customers', { name: 'Two Instances', email: 'two@example.com' })).status).toBe(201);
    const match = await customer.post('/api/matches');
    expect(match.json.agent.handle).toBe('files');
    expect((await customer.post(`/api/matches/${match.json.matchId}/choose`)).status).toBe(201);

    const up = await upload(a.url, customer.cookieHeader(), { data: await phonePhoto(800, 600), name: 'parcel.jpg', type: 'image/jpeg' });
    expect(up.status).toBe(201);
    const alert = nextEvent<any>(console_, 'service-request:new');
    const sent = await customer.post('/api/service-requests', { message: 'See the picture', attachments: [up.json.upload.id] }, { 'Idempotency-Key': 'two-instances-0001' });
    expect(sent.status).toBe(201);
    const [attachment] = (await alert).attachments;
    expect(attachment.id).toBe(up.json.upload.id);

    const fromA = await fetchFile(a.url, attachment.url, { cookie: customer.cookieHeader() });
    const fromB = await fetchFile(b.url, attachment.url, { authorization: `Bearer ${login.json.token}` });
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    expect(fromB.body.equals(fromA.body)).toBe(true);
    expect((await sharp(fromB.body).metadata()).exif).toBeUndefined();
    expect((await fetchFile(b.url, attachment.thumbnailUrl, { authorization: `Bearer ${login.json.token}` })).status).toBe(200);
    // Stored once, in the database.
    expect(await a.db.uploadBlob.count()).toBe(2);
  } finally {
    console_.disconnect();
  }
});
