// Which in-app notifications also go by SMS, and to whose phone. Called in the transaction that inserted
// the notification, so an SMS exists exactly when its notification does.
//   red (overdue, from the sweep) ........ the people of the office and of the assigned unit
//   supervise_normal/yellow/red (督办) .... the people of the unit that must reply
//   supervision_lapsed ................... the leader who issued the order
//   whistle, summons_lapsed (吹哨报到) ..... the people of the summoned unit / of the office
//   urgent_case (重大群体性, critical, 预警) . the leaders it went to (intake calls smsForNotices)
//   review_lapsed (信访复查/复核 not answered) the people of the office
// Citizens: the closing notice (and a review decision) go to the representative applicant's phone.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SmsSender } from './sms.js';

export const SMS_KINDS = new Set(['review_lapsed', 'red', 'supervise_normal', 'supervise_yellow', 'supervise_red', 'supervision_lapsed', 'whistle', 'summons_lapsed', 'urgent_case']);

export interface NoticeRow {
  id: number;
  unitId: number | null;
  userId: number | null;
  caseId: number | null;
  kind: string;
  title: string;
}

/** Staff phones behind notifications: the user's own, or every active member of the unit with a phone. */
export async function smsForNotices(trx: Kysely<DB>, sms: SmsSender | undefined, now: Date, rows: NoticeRow[]): Promise<number> {
  if (!sms || sms.mode === 'off') return 0;
  const wanted = rows.filter((r) => SMS_KINDS.has(r.kind));
  if (!wanted.length) return 0;
  const userIds = [...new Set(wanted.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const unitIds = [...new Set(wanted.flatMap((r) => (r.unitId ? [r.unitId] : [])))];
  const users = userIds.length
    ? await trx.selectFrom('users').select(['id', 'phoneSealed']).where('id', 'in', userIds).where('status', '=', 'active').where('phoneSealed', 'is not', null).execute()
    : [];
  const members = unitIds.length
    ? await trx
        .selectFrom('userRoles')
        .innerJoin('users', 'users.id', 'userRoles.userId')
        .select(['userRoles.unitId', 'users.id', 'users.phoneSealed'])
        .distinct()
        .where('userRoles.unitId', 'in', unitIds)
        .where('users.status', '=', 'active')
        .where('users.phoneSealed', 'is not', null)
        .execute()
    : [];
  const messages = wanted.flatMap((r) => {
    const to = r.userId ? users.filter((u) => u.id === r.userId) : members.filter((m) => m.unitId === r.unitId);
    const seen = new Set<number>();
    return to.filter((u) => !seen.has(u.id) && seen.add(u.id)).map((u) => ({ phoneSealed: u.phoneSealed!, body: r.title, kind: r.kind, recipient: `user:${u.id}`, caseId: r.caseId, notificationId: r.id }));
  });
  return messages.length ? sms.send(trx, messages, now) : 0;
}

/** A notice to the citizen who brought the case: the representative applicant's phone. */
export async function smsToApplicant(trx: Kysely<DB>, sms: SmsSender | undefined, now: Date, caseId: number, kind: string, body: string): Promise<number> {
  if (!sms || sms.mode === 'off') return 0;
  const p = await trx
    .selectFrom('caseParties')
    .select('phoneSealed')
    .where('caseId', '=', caseId)
    .where('role', '=', 'applicant')
    .where('phoneSealed', 'is not', null)
    .orderBy('isRepresentative', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!p) return 0;
  return sms.send(trx, [{ phoneSealed: p.phoneSealed!, body, kind, recipient: 'applicant', caseId }], now);
}

/** For intake (cases.intake.ts): the 受理回执 text to the applicant. Call in the intake transaction. */
export const receiptText = (caseNumber: string, trackingCode: string) =>
  `您反映的事项已登记，案件编号 ${caseNumber}，查询码 ${trackingCode}，可凭查询码和手机号后四位查询进度。`;
export const closedText = (caseNumber: string, trackingCode: string) =>
  `您反映的事项（${caseNumber}）已结案，可凭查询码 ${trackingCode} 查看办理结果。`;
export const closingText = (caseNumber: string, trackingCode: string) =>
  `您反映的事项（${caseNumber}）已办结，可凭查询码 ${trackingCode} 查看结果并评价。`;
