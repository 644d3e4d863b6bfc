// Attachments: type and size limits (415/413), stored under the data directory, served within scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { multipartFile, testApp, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
const as: Record<string, string> = {};
let caseId = 0;
let tracking = '';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 32)]);

beforeAll(async () => {
  t = await testApp();
  for (const u of ['village', 'grid2', 'dispatcher']) as[u] = await t.login(u);
  const res = await t.app.inject({
    method: 'POST', url: '/api/public/cases',
    payload: { title: '路灯不亮', description: '团结巷路灯坏了一周', category: 'city', regionCode: '150826100001001002', applicant: { name: '钱多多', phone: '13504781111' } },
  });
  caseId = res.json().id;
  tracking = res.json().trackingCode;
});
afterAll(() => t.close());

const up = (who: string | null, url: string, filename: string, content: Buffer, type = 'application/octet-stream') => {
  const m = multipartFile(filename, content, type);
  return t.app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, ...(who ? { cookie: as[who] } : {}) } });
};

describe('case attachments', () => {
  it('stores a photo and a document, lists and serves them within scope', async () => {
    const photo = await up('village', `/api/cases/${caseId}/attachments`, '现场照片.png', PNG, 'image/png');
    expect(photo.statusCode).toBe(201);
    expect(photo.json()).toMatchObject({ filename: '现场照片.png', contentType: 'image/png', size: PNG.length });
    expect((await up('village', `/api/cases/${caseId}/attachments`, '说明.pdf', PDF)).statusCode).toBe(201);
    const list = (await t.app.inject({ url: `/api/cases/${caseId}/attachments`, headers: { cookie: as.village } })).json();
    expect(list.map((a: { filename: string }) => a.filename)).toEqual(['现场照片.png', '说明.pdf']);
    const file = await t.app.inject({ url: `/api/cases/${caseId}/attachments/${list[0].id}`, headers: { cookie: as.village } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(readdirSync(path.join(t.filesDir, 'attachments', String(caseId)))).toHaveLength(2);
    expect((await t.app.inject({ url: `/api/cases/${caseId}/attachments/${list[0].id}`, headers: { cookie: as.grid2 } })).statusCode).toBe(404);
  });
  it('an upload replayed with the same Idempotency-Key (the phone resending its queue) is stored once; other content under it is a 422', async () => {
    const send = (content: Buffer, key: string) => {
      const m = multipartFile('离线照片.png', content, 'image/png');
      return t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/attachments`, payload: m.payload, headers: { ...m.headers, cookie: as.village, 'idempotency-key': key } });
    };
    const dir = path.join(t.filesDir, 'attachments', String(caseId));
    const before = readdirSync(dir).length;
    const count = async () => (await t.app.inject({ url: `/api/cases/${caseId}/attachments`, headers: { cookie: as.village } })).json().length as number;
    const listed = await count();
    const first = await send(PNG, 'm-test-photo-0001');
    expect(first.statusCode, first.body).toBe(201);
    const again = await send(PNG, 'm-test-photo-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(await count()).toBe(listed + 1);
    expect(readdirSync(dir)).toHaveLength(before + 1);
    const other = await send(Buffer.concat([PNG, Buffer.from('x')]), 'm-test-photo-0001');
    expect(other.statusCode).toBe(422);
    expect(await count()).toBe(listed + 1);
    expect(readdirSync(dir)).toHaveLength(before + 1);
    // the same photo under a new key is a new attachment (a worker may mean to send it twice)
    expect((await send(PNG, 'm-test-photo-0002')).statusCode).toBe(201);
    expect(await count()).toBe(listed + 2);
  });
  it('refuses a wrong type (415), a file whose content lies about its type (415), an oversized file (413)', async () => {
    expect((await up('village', `/api/cases/${caseId}/attachments`, 'virus.exe', PNG)).statusCode).toBe(415);
    expect((await up('village', `/api/cases/${caseId}/attachments`, 'fake.png', Buffer.from('MZ not a png at all'))).statusCode).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const res = await up('village', `/api/cases/${caseId}/attachments`, 'big.png', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('TOO_LARGE');
  });
  it('a citizen adds photos with code + phone digits within an hour; not documents, not later, not with wrong digits', async () => {
    const url = `/api/public/cases/${tracking}/attachments`;
    expect((await up(null, `${url}?phone4=1111`, '路灯.png', PNG)).statusCode).toBe(201);
    expect((await up(null, `${url}?phone4=9999`, '路灯.png', PNG)).statusCode).toBe(404);
    expect((await up(null, `${url}?phone4=1111`, '说明.pdf', PDF)).statusCode).toBe(415);
    t.clock.advance(61 * 60_000);
    expect((await up(null, `${url}?phone4=1111`, '路灯.png', PNG)).statusCode).toBe(409);
    expect(existsSync(t.filesDir)).toBe(true);
  });
});
