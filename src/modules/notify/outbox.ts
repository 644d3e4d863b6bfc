// The outbox as the administrator and the auditor see it: masked phones, no sealed values, and tracking
// codes blanked (with the phone's last four digits they would open the case to anyone).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const hideTrackingCode = (body: string) => body.replace(/(查询码\s*)[0-9A-Za-z]+/g, '$1****');

export async function outboxList(db: Kysely<DB>, f: { cursor?: number; limit: number; unsent?: boolean }) {
  let q = db
    .selectFrom('smsOutbox')
    .leftJoin('cases', 'cases.id', 'smsOutbox.caseId')
    .select(['smsOutbox.id', 'smsOutbox.kind', 'smsOutbox.recipient', 'smsOutbox.phoneMasked', 'smsOutbox.body', 'smsOutbox.createdAt', 'smsOutbox.sentAt', 'smsOutbox.caseId', 'cases.caseNumber'])
    .orderBy('smsOutbox.id', 'desc')
    .limit(f.limit + 1);
  if (f.unsent) q = q.where('smsOutbox.sentAt', 'is', null);
  if (f.cursor) q = q.where('smsOutbox.id', '<', f.cursor);
  const rows = await q.execute();
  const items = rows.slice(0, f.limit).map((r) => ({ ...r, body: hideTrackingCode(r.body) }));
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1].id : null };
}
