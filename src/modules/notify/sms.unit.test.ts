// The outbox adapter: only mobile numbers get an SMS, a phone that cannot be opened is skipped (never a
// failed transaction), the text is signed and bounded, and the sealed value is what the outbox keeps.
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { createCipherSuite, devKeyring } from '../personal/index.js';
import { outboxSender, smsOff, SMS_MAX_LENGTH } from './sms.js';

const cipher = createCipherSuite({ ...devKeyring(), algorithm: 'aes-256-gcm' });
function fakeTrx() {
  const rows: Record<string, unknown>[] = [];
  const trx = { insertInto: () => ({ values: (v: Record<string, unknown>[]) => ({ execute: async () => rows.push(...v) }) }) } as unknown as Kysely<DB>;
  return { trx, rows };
}
const now = new Date('2026-11-28T01:00:00Z');

describe('outbox adapter', () => {
  it('queues mobiles, skips landlines and unreadable seals, signs and bounds the text', async () => {
    const { trx, rows } = fakeTrx();
    const mobile = cipher.encrypt('13904780005');
    const n = await outboxSender(cipher).send(trx, [
      { phoneSealed: mobile, body: '红牌督办', kind: 'supervise_red', recipient: 'user:1', caseId: 7, notificationId: 9 },
      { phoneSealed: cipher.encrypt('0478-8123456'), body: 'x', kind: 'red', recipient: 'user:2' },
      { phoneSealed: 'not-a-seal', body: 'x', kind: 'red', recipient: 'user:3' },
      { phoneSealed: cipher.encrypt('+86 139 0478 0006'), body: '【枫桥】' + '长'.repeat(400), kind: 'red', recipient: 'user:4' },
    ], now);
    expect(n).toBe(2);
    expect(rows[0]).toMatchObject({ phoneSealed: mobile, phoneMasked: '139****0005', body: '【枫桥】红牌督办', kind: 'supervise_red', caseId: 7, notificationId: 9, createdAt: now });
    expect(rows[1].phoneMasked).toBe('+86 139****0006');
    expect((rows[1].body as string).length).toBe(SMS_MAX_LENGTH);
    expect((rows[1].body as string).startsWith('【枫桥】长')).toBe(true);
  });
  it('off sends nothing', async () => {
    const { trx, rows } = fakeTrx();
    expect(await smsOff.send(trx, [{ phoneSealed: cipher.encrypt('13904780005'), body: 'x', kind: 'red', recipient: 'user:1' }], now)).toBe(0);
    expect(rows).toEqual([]);
  });
});
