// The outbox as the system administrator sees it: delivery state only — kind, who (an account id or
// "applicant"), the phone's last four digits, times. No text and no case: administrators never see case
// contents or personal data (三权分立).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function outboxList(db: Kysely<DB>, f: { cursor?: number; limit: number; unsent?: boolean }) {
  let q = db
    .selectFrom('smsOutbox')
    .select(['id', 'kind', 'recipient', 'createdAt', 'sentAt', sql<string>`right(phone_masked, 4)`.as('phoneLast4'), sql<number>`char_length(body)`.as('length')])
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
  if (f.unsent) q = q.where('sentAt', 'is', null);
  if (f.cursor) q = q.where('id', '<', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit).map((r) => ({ ...r, length: Number(r.length) }));
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}
