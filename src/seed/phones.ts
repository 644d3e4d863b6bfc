// Demo staff phones for SMS notices (invented numbers in the 139 0478 range), sealed like every phone.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { CipherSuite } from '../modules/personal/index.js';

export const DEMO_STAFF_PHONES: Record<string, string> = {
  leader: '13904780001',
  dispatcher: '13904780002',
  town: '13904780003',
  village: '13904780004',
  dept: '13904780005',
  police: '13904780006',
};

export async function seedStaffPhones(trx: Kysely<DB>, cipher: CipherSuite) {
  for (const [username, phone] of Object.entries(DEMO_STAFF_PHONES))
    await trx.updateTable('users').set({ phoneSealed: cipher.encrypt(phone) }).where('username', '=', username).execute();
}
